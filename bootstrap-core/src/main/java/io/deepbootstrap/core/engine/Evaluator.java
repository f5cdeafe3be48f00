package io.deepbootstrap.core.engine;

import io.deepbootstrap.api.Batch;
import io.deepbootstrap.api.model.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Computes the metrics of a network on an example set, in forward passes of a fixed size. */
public final class Evaluator {
    private final List<NamedMetric> metrics;
    private final Batch batch;
    private float[] probabilities = new float[0];
    private int[] labels = new int[0];
    private float[] chunk;

    /**
     * @param metrics the metrics, in report order
     * @param batch the buffer for forward passes (its capacity is the evaluation batch size)
     */
    public Evaluator(List<NamedMetric> metrics, Batch batch) {
        this.metrics = List.copyOf(metrics);
        this.batch = batch;
        this.chunk = new float[batch.capacity() * batch.numClasses()];
    }

    /**
     * @param network the network (not changed)
     * @param set the examples
     * @return metric name to value, in metric order
     */
    public Map<String, Double> evaluate(Network network, ExampleSet set) {
        int k = batch.numClasses();
        int n = set.size();
        if (probabilities.length < n * k) { // grow only: test set and S alternate every evaluation
            probabilities = new float[n * k];
            labels = new int[n];
        }
        int size = batch.shape().size();
        for (int start = 0; start < n; start += batch.capacity()) {
            int count = Math.min(batch.capacity(), n - start);
            for (int i = 0; i < count; i++) {
                labels[start + i] = set.read(start + i, batch.features(), i * size);
            }
            batch.setSize(count);
            network.predict(batch, chunk);
            System.arraycopy(chunk, 0, probabilities, start * k, count * k);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (NamedMetric m : metrics) {
            values.put(m.name(), m.metric().compute(probabilities, labels, n, k));
        }
        return values;
    }
}
