package io.deepbootstrap.data.fitted;

import com.typesafe.config.Config;
import java.io.DataInputStream;
import java.io.IOException;
import org.pf4j.ExtensionPoint;

/**
 * The SPI for generative models used by the {@code fitted} data source (the CIFAR-5m recipe: fit a
 * model to a real data set, then sample a virtually infinite one from it). Built-in: {@code pca-gmm}.
 * Plugins may add better ones (VAE, GAN, diffusion) by implementing this interface.
 *
 * <p>Defaults: every key a model accepts, with its default, lives in its provider's {@code reference.conf}
 * under {@code bootstrap.generative-models.<name>}. The fitted source merges the user's
 * {@code model { type = <name>, ... }} block over these, rejects unknown keys, and passes the merged
 * block (without {@code type}) to {@link #fit} and {@link #load}. The merged block is part of the cache
 * key of fitted models, so a changed setting refits.
 */
public interface GenerativeModelFactory extends ExtensionPoint {
    /** Root of generative model defaults in the merged configuration. */
    String DEFAULTS_ROOT = "bootstrap.generative-models";

    /**
     * @param name a model name
     * @return where its defaults live, e.g. {@code bootstrap.generative-models."pca-gmm"}
     */
    static String defaultsPath(String name) {
        return DEFAULTS_ROOT + ".\"" + name + "\"";
    }

    /** @return the name users write as {@code model { type = <name> }} */
    String name();

    /** @return one line describing the model */
    String description();

    /**
     * Fits a model. Must be deterministic given {@code config} and {@code data} (seed any randomness from
     * the config) so that cached and fresh fits agree.
     *
     * @param config the merged model config
     * @param data the examples to fit
     * @return the fitted model
     * @throws com.typesafe.config.ConfigException.BadValue naming the key if a value is invalid
     */
    GenerativeModel fit(Config config, TrainingSet data);

    /**
     * Rebuilds a model from what {@link GenerativeModel#save} wrote.
     *
     * @param config the merged model config it was fitted with
     * @param in the saved parameters
     * @return the model
     * @throws IOException if reading fails or the data are not this model's
     */
    GenerativeModel load(Config config, DataInputStream in) throws IOException;
}
