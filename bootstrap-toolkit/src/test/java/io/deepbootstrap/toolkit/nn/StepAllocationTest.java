package io.deepbootstrap.toolkit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.InputShape;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.buffer.factory.DataBufferFactory;
import org.nd4j.linalg.factory.Nd4j;

/**
 * After the first step, a training step and inference passes (of the training batch size and of a smaller,
 * evaluation-sized batch) create no ND4J data buffer beyond a few elements: every layer writes its outputs,
 * gradients and temporaries into buffers allocated once (issue 11). What is left per step are libnd4j's one- and
 * two-element dimension and scalar arguments of broadcast, reduce and scalar ops (about 100 bytes per layer).
 * Counted by wrapping ND4J's data-buffer factory, through which every {@code Nd4j.create}/{@code dup}/op output
 * allocation from Java passes (views of existing buffers are not allocations and are not counted); buffers that
 * libnd4j allocates inside an op (oneDNN's reorders in conv2d, conv2d_bp, maxpool2d_bp) are outside this count:
 * see {@code bench/native-allocs.py} and docs/PERFORMANCE.md.
 */
class StepAllocationTest {
    private static final int BATCH = 16;
    /** Buffers of at most this many elements are op arguments (dimensions, scalars), not activations. */
    private static final int ARGUMENT_ELEMENTS = 4;

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("mlp", new long[] {12}, (Supplier<List<Layer>>) () -> List.of(
                        new Dense(16), new Relu(), new Dense(16), new Relu(), new Dense(4))),
                Arguments.of("mlp with batch norm", new long[] {12}, (Supplier<List<Layer>>) () -> List.of(
                        new Dense(16), new BatchNorm(), new Relu(), new Dense(4))),
                Arguments.of("cnn", new long[] {8, 8, 3}, (Supplier<List<Layer>>) () -> List.of(
                        Conv2d.same(4, 3), new Relu(), Pool2d.max(2, 2), Conv2d.same(6, 3), new Relu(),
                        Pool2d.max(2, 2), new Flatten(), new Dense(8), new Relu(), new Dense(4))),
                Arguments.of("small resnet", new long[] {8, 8, 3}, (Supplier<List<Layer>>) () -> List.of(
                        new Conv2d(4, 3, 1, true, false), PreActBlock.of(4, 1), PreActBlock.of(6, 2),
                        new BatchNorm(), new Relu(), new GlobalAvgPool(), new Dense(4))),
                Arguments.of("small vit", new long[] {8, 8, 3}, (Supplier<List<Layer>>) () -> List.of(
                        new PatchEmbedding(4, 8), new TransformerBlock(2, 16),
                        new TokenWise(new LayerNorm()), new TokenMeanPool(), new Dense(4))));
    }

    private static Batch batch(long[] shape, int n, long seed) {
        InputShape s = shape.length == 1 ? InputShape.vector((int) shape[0])
                : new InputShape((int) shape[0], (int) shape[1], (int) shape[2]);
        Batch b = new Batch(s, 4, n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < b.features().length; i++) {
            b.features()[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < n; i++) {
            b.labels()[i] = r.nextInt(4);
        }
        b.setOneHotTargets();
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void stepsAfterWarmUpCreateNoDataBuffers(String name, long[] shape, Supplier<List<Layer>> layers) throws Exception {
        Batch train = batch(shape, BATCH, 1);
        Batch eval = batch(shape, BATCH, 2);
        eval.setSize(BATCH - 5);
        float[] p = new float[BATCH * 4];
        try (NativeNetwork net = new NativeNetwork(Sequential.of(shape, layers.get(), 3, BATCH, DataType.FLOAT), 4, 1)) {
            Runnable step = () -> {
                net.computeGradients(train);
                net.predict(eval, p);
                net.predict(train, p);
            };
            step.run(); // warm-up: lazily created constants (rows of ones, pooled scratch buffers, shape descriptors)
            step.run();
            List<String> created = new ArrayList<>();
            withCountingFactory(created, () -> {
                for (int i = 0; i < 3; i++) {
                    step.run();
                }
            });
            assertThat(created).as(name + ": buffers of more than %d elements created in 3 steps after warm-up",
                    ARGUMENT_ELEMENTS).isEmpty();
        }
    }

    /**
     * Runs {@code body} with ND4J's data-buffer factory wrapped by one that records, by caller, every buffer of more
     * than {@link #ARGUMENT_ELEMENTS} elements it allocates.
     */
    private static void withCountingFactory(List<String> created, Runnable body) throws Exception {
        Field f = Nd4j.class.getDeclaredField("DATA_BUFFER_FACTORY_INSTANCE");
        f.setAccessible(true);
        DataBufferFactory original = (DataBufferFactory) f.get(null);
        DataBufferFactory counting = (DataBufferFactory) Proxy.newProxyInstance(DataBufferFactory.class.getClassLoader(),
                new Class<?>[] {DataBufferFactory.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(original, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof DataBuffer buffer && buffer.originalDataBuffer() == null
                            && buffer.length() > ARGUMENT_ELEMENTS) {
                        synchronized (created) {
                            created.add(buffer.dataType() + "[" + buffer.length() + "] at " + caller());
                        }
                    }
                    return result;
                });
        f.set(null, counting);
        try {
            body.run();
        } finally {
            f.set(null, original);
        }
    }

    /** @return the first toolkit frame that led to an allocation, for the failure message */
    private static String caller() {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            if (e.getClassName().startsWith("io.deepbootstrap.toolkit.nn.") && !e.getClassName().endsWith("StepAllocationTest")
                    && !e.getClassName().contains("$")) {
                return e.toString();
            }
        }
        return "?";
    }
}
