package io.deepbootstrap.toolkit.dl4j;

import io.deepbootstrap.api.model.Parameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Splits a DL4J network's flattened parameter vector into trainable parameters (exposed as the framework's
 * {@link Parameters}) and non-trainable state (batch-norm running statistics: the entries DL4J does not divide by
 * the minibatch size, because their "gradient" is the update itself), and moves values and gradients between
 * DL4J's vectors and the framework's.
 */
final class Dl4jParameters {

    private record Entry(String name, INDArray value, INDArray gradient, long offset, boolean buffer) {
    }

    /** A run of consecutive trainable entries: DL4J's slices and the framework's slices of the same values. */
    private record Run(INDArray dl4jValues, INDArray ownValues, INDArray dl4jGradients, INDArray ownGradients) {
    }

    private final Parameters parameters;
    private final Map<String, INDArray> buffers;
    private final List<Entry> bufferEntries;
    private final List<Run> runs;
    private final boolean direct;

    private Dl4jParameters(Parameters parameters, Map<String, INDArray> buffers, List<Entry> bufferEntries,
                           List<Run> runs, boolean direct) {
        this.parameters = parameters;
        this.buffers = buffers;
        this.bufferEntries = bufferEntries;
        this.runs = runs;
        this.direct = direct;
    }

    static Dl4jParameters of(Dl4jEngine engine) {
        INDArray flat = engine.flatParameters();
        INDArray flatGrad = engine.flatGradients();
        List<Entry> entries = new ArrayList<>();
        for (Layer layer : engine.layers()) {
            for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                long offset = e.getValue().offset() - flat.offset();
                INDArray gradient = slice(flatGrad, offset, e.getValue().length());
                entries.add(new Entry(engine.prefix(layer) + e.getKey(), e.getValue(), gradient, offset,
                        !layer.updaterDivideByMinibatch(e.getKey())));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::offset));
        long expected = 0;
        for (Entry e : entries) {
            if (e.offset() != expected) {
                throw new IllegalStateException("cannot map the DL4J network's parameters: '" + e.name() + "' starts at "
                        + e.offset() + ", expected " + expected);
            }
            expected += e.value().length();
        }
        if (expected != flat.length()) {
            throw new IllegalStateException("cannot map the DL4J network's parameters: the layers' parameters cover "
                    + expected + " of " + flat.length() + " values");
        }
        Map<String, INDArray> buffers = new LinkedHashMap<>();
        List<Entry> bufferEntries = new ArrayList<>();
        List<Parameters.View> views = new ArrayList<>();
        Parameters.Builder builder = Parameters.builder(flat.dataType());
        for (Entry e : entries) {
            if (e.buffer()) {
                buffers.put(e.name(), e.value());
                bufferEntries.add(e);
            } else {
                views.add(new Parameters.View(e.name(), e.value().shape(), e.offset(), e.value().ordering()));
                builder.add(e.name(), e.value().ordering(), e.value().shape());
            }
        }
        if (bufferEntries.isEmpty()) {
            return new Dl4jParameters(Parameters.wrap(flat, flatGrad, views), Map.of(), List.of(), List.of(), true);
        }
        Parameters own = builder.build();
        List<Run> runs = new ArrayList<>();
        long ownOffset = 0;
        int i = 0;
        while (i < entries.size()) {
            if (entries.get(i).buffer()) {
                i++;
                continue;
            }
            long start = entries.get(i).offset();
            long length = 0;
            while (i < entries.size() && !entries.get(i).buffer()) {
                length += entries.get(i).value().length();
                i++;
            }
            runs.add(new Run(slice(flat, start, length), slice(own.values(), ownOffset, length),
                    slice(flatGrad, start, length), slice(own.gradients(), ownOffset, length)));
            ownOffset += length;
        }
        for (Run r : runs) {
            r.ownValues().assign(r.dl4jValues());
        }
        return new Dl4jParameters(own, Collections.unmodifiableMap(buffers), List.copyOf(bufferEntries),
                List.copyOf(runs), false);
    }

    private static INDArray slice(INDArray flat, long offset, long length) {
        return flat.rank() == 1 ? flat.get(NDArrayIndex.interval(offset, offset + length))
                : flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + length));
    }

    Parameters parameters() {
        return parameters;
    }

    Map<String, INDArray> buffers() {
        return buffers;
    }

    /** Copies the framework's parameter values into DL4J's vector (nothing to do when they are DL4J's own). */
    void pushValues() {
        for (Run r : runs) {
            r.dl4jValues().assign(r.ownValues());
        }
    }

    /**
     * After DL4J's backward pass: the mean-loss gradient into the framework's gradient vector, and the running
     * statistics updated as DL4J's updater would ({@code value -= update}).
     *
     * @param batchSize the minibatch size DL4J summed over
     */
    void pullGradients(int batchSize) {
        for (Run r : runs) {
            r.ownGradients().assign(r.dl4jGradients());
        }
        parameters.gradients().divi(batchSize);
        for (Entry e : bufferEntries) {
            e.value().subi(e.gradient().reshape(e.value().ordering(), e.value().shape()));
        }
    }

    /** Releases the framework-side vectors (DL4J's own are released with the DL4J network). */
    void close() {
        if (!direct) {
            parameters.close();
        }
    }
}
