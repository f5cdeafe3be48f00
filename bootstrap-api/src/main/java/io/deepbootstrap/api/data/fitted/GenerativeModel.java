package io.deepbootstrap.api.data.fitted;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.random.RandomGenerator;

/**
 * A fitted class-conditional generative model: draws labelled examples. Built by a
 * {@link GenerativeModelFactory}, either by fitting or by loading what {@link #save} wrote.
 */
public interface GenerativeModel {

    /**
     * Draws one example: a label from the model's class prior and features from that class's model.
     * Values may leave [-1, 1]; the {@code fitted} source clips them.
     *
     * @param random the random stream to take all randomness from
     * @param features destination
     * @param offset where the example's floats start
     * @return the label
     */
    int sample(RandomGenerator random, float[] features, int offset);

    /**
     * Writes the fitted parameters so that {@link GenerativeModelFactory#load} rebuilds a model that draws
     * the same examples from the same random stream.
     *
     * @param out destination
     * @throws IOException if writing fails
     */
    void save(DataOutputStream out) throws IOException;
}
