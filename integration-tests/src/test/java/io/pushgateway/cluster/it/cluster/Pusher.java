package io.pushgateway.cluster.it.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Clients pushing continuously through a list of nodes, as batch jobs behind a load balancer
 * would: each thread owns a few groups of one job and PUTs increasing values into them, moving to
 * the next node after every push and at once after a refused connection (a load balancer's retry
 * on connection failure). Every answer goes into a {@link PushLedger}.
 */
public final class Pusher implements AutoCloseable {

  public static final String METRIC = "cluster_it_value";

  private final String job;
  private final List<URI> targets;
  private final int threads;
  private final int groupsPerThread;
  private final Duration pause;
  private final PushLedger ledger = new PushLedger();
  private final List<Thread> workers = new ArrayList<>();
  private final Http http = new Http();
  private volatile boolean running;

  /**
   * @param targets base URIs of the nodes to push through
   * @param pause time between two pushes of one thread, to leave the small machine some CPU
   */
  public Pusher(String job, List<URI> targets, int threads, int groupsPerThread, Duration pause) {
    this.job = job;
    this.targets = List.copyOf(targets);
    this.threads = threads;
    this.groupsPerThread = groupsPerThread;
    this.pause = pause;
  }

  /** The load of the cluster failure tests: six threads of twenty groups each, through every node. */
  public static Pusher throughEveryNode(String job, ClusterProcess cluster) {
    return new Pusher(job, cluster.nodes().stream().map(ClusterNode::baseUri).toList(), 6, 20, Duration.ofMillis(5));
  }

  /** The same load, sent straight to the given nodes only: no load balancer, no retry through another node. */
  public static Pusher straightTo(String job, List<ClusterNode> nodes) {
    return new Pusher(job, nodes.stream().map(ClusterNode::baseUri).toList(), 6, 20, Duration.ofMillis(5));
  }

  public String job() {
    return job;
  }

  public PushLedger ledger() {
    return ledger;
  }

  /** Waits, with a deadline, until {@code count} more pushes than now have been acknowledged. */
  public void awaitMoreAcks(int count) {
    long target = ledger.acknowledgedCount() + count;
    Poll.until(count + " more acknowledged pushes (" + job + ")", Duration.ofSeconds(60),
        () -> ledger.acknowledgedCount() >= target ? null : ledger.summary());
  }

  public void start() {
    running = true;
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> pushUntilStopped(thread), "pusher-" + job + "-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
  }

  private void pushUntilStopped(int thread) {
    long[] values = new long[groupsPerThread];
    int cursor = thread;
    int group = 0;
    int refusedInARow = 0;
    while (running) {
      String instance = "t" + thread + "-g" + group;
      long value = ++values[group];
      URI target = targets.get(Math.floorMod(cursor++, targets.size()));
      ledger.sent(instance, value);
      Http.Reply reply = http.send("PUT", target.resolve("/metrics/job/" + job + "/instance/" + instance),
          "# TYPE " + METRIC + " gauge\n" + METRIC + " " + value + "\n", Http.WRITE);
      ledger.answered(instance, value, target.toString(), reply);
      if (reply.status() == Http.REFUSED && ++refusedInARow < targets.size()) {
        continue;
      }
      refusedInARow = 0;
      group = (group + 1) % groupsPerThread;
      if (!pause.isZero()) {
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Stops the pushers and waits for every push in flight to be answered. */
  public void stop() {
    running = false;
    long deadline = System.nanoTime() + Http.WRITE.plusSeconds(10).toNanos();
    for (Thread worker : workers) {
      try {
        worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (worker.isAlive()) {
        throw new AssertionError(worker.getName() + " still has a push in flight after " + Http.WRITE);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    workers.forEach(Thread::interrupt);
  }
}
