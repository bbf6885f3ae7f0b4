package io.pushgateway.cluster.it.cluster;

import java.time.Duration;
import java.util.function.Supplier;

/** Waiting for a condition with a deadline, never with a fixed sleep. */
public final class Poll {

  private static final Duration INTERVAL = Duration.ofMillis(50);

  private Poll() {}

  /**
   * Calls {@code check} until it returns null (meaning: satisfied) or the deadline passes; then
   * fails with the last thing {@code check} said was missing.
   */
  public static void until(String what, Duration timeout, Supplier<String> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String missing;
    while (true) {
      missing = check.get();
      if (missing == null) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(what + " did not happen within " + timeout + ": " + missing);
      }
      pause(INTERVAL);
    }
  }

  /**
   * Calls {@code check} repeatedly for the whole duration and fails as soon as it reports a
   * problem: "this stays true for a while".
   */
  public static void during(String what, Duration duration, Supplier<String> check) {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() - end < 0) {
      String problem = check.get();
      if (problem != null) {
        throw new AssertionError(what + " stopped holding: " + problem);
      }
      pause(INTERVAL);
    }
  }

  public static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
