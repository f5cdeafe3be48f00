package io.deepbootstrap.toolkit.nn;

import io.deepbootstrap.toolkit.internal.Nd4jRuntime;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests of code that {@link Parallel} splits between threads ({@code @ExtendWith(ParallelSplitOn.class)} on the
 * class or a method): switches the split on before each test, whatever {@code -Dbootstrap.toolkit.parallel} says,
 * and afterwards restores the previous setting and sets the native thread count back to one, so a test that
 * changed it leaves the next test (in the same JVM) at one thread.
 */
final class ParallelSplitOn implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ParallelSplitOn.class);
    private static final String WAS_ENABLED = "wasEnabled";

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put(WAS_ENABLED, Parallel.enable(true));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Boolean was = context.getStore(NAMESPACE).remove(WAS_ENABLED, Boolean.class);
        Parallel.enable(was == null || was);
        Nd4jRuntime.setThreads(1);
    }
}
