package io.pushgateway.cluster.it;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Turns a skipped test into a failed one where every peer program must be present.
 *
 * <p>Tests skip through an assumption where a peer (the Go Pushgateway, Python's client, Chromium,
 * helm, podman, network namespaces) is missing, so that a developer without one still gets a
 * useful run. In CI a skip would be green while proving nothing, so {@code -Dit.requireAll=true}
 * (which {@code .ci/run} passes) makes the same assumption fail with its message, which names
 * what to install. Registered for every test class through JUnit's extension auto-detection.
 */
public final class PeersRequired implements InvocationInterceptor {
    static final String PROPERTY = "it.requireAll";

    /** Whether this run must fail rather than skip where a peer is missing. */
    public static boolean required() {
        return Boolean.getBoolean(PROPERTY);
    }

    @Override
    public <T> T interceptTestClassConstructor(
            Invocation<T> invocation,
            ReflectiveInvocationContext<Constructor<T>> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        return failInsteadOfSkip(invocation);
    }

    @Override
    public void interceptBeforeAllMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        failInsteadOfSkip(invocation);
    }

    @Override
    public void interceptBeforeEachMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        failInsteadOfSkip(invocation);
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        failInsteadOfSkip(invocation);
    }

    @Override
    public <T> T interceptTestFactoryMethod(
            Invocation<T> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        return failInsteadOfSkip(invocation);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        failInsteadOfSkip(invocation);
    }

    private static <T> T failInsteadOfSkip(Invocation<T> invocation) throws Throwable {
        try {
            return invocation.proceed();
        } catch (TestAbortedException skipped) {
            if (!required()) {
                throw skipped;
            }
            throw new AssertionFailedError(
                    "a peer this test needs is missing, and -D" + PROPERTY + "=true forbids skipping: "
                            + skipped.getMessage(),
                    skipped);
        }
    }
}
