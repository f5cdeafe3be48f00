package io.deepbootstrap.api.run;

import java.util.Map;

/**
 * The metrics of one run at one evaluation step.
 *
 * @param step the number of optimizer steps taken (1-based: step 1 is after the first update)
 * @param examplesSeen training examples consumed so far ({@code step * batchSize})
 * @param learningRate the learning rate of this step
 * @param elapsedSeconds training wall time so far, excluding evaluation
 * @param test metric name to value on the test set
 * @param train metric name to value on the real world's train set S; empty for the ideal world
 */
public record Evaluation(int step, long examplesSeen, double learningRate, double elapsedSeconds,
                         Map<String, Double> test, Map<String, Double> train) {

    public Evaluation {
        test = Map.copyOf(test);
        train = Map.copyOf(train);
    }
}
