package io.deepbootstrap.api.data.fitted;

import com.typesafe.config.Config;
import io.deepbootstrap.api.ComponentFactory;
import io.deepbootstrap.api.ComponentKind;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * The SPI for generative models used by the {@code fitted} data source (the CIFAR-5m recipe: fit a
 * model to a real data set, then sample a virtually infinite one from it). Built-in: {@code pca-gmm}.
 * Plugins add better ones (VAE, GAN, diffusion) by implementing this interface as a PF4J extension,
 * like any other component ({@link ComponentKind#GENERATIVE_MODEL}, kind id {@code generative-model}).
 *
 * <p>Defaults: every key a model accepts, with its default, lives in its provider's {@code reference.conf}
 * under {@code bootstrap.components.generative-model.<name>} ({@link ComponentKind#defaultsPath(String)}).
 * The fitted source resolves the user's {@code model { type = <name>, ... }} block through
 * {@link io.deepbootstrap.api.data.DataContext#generativeModel(Config)}: the framework merges it over these
 * defaults, rejects unknown keys, and the merged block (without {@code type}) is passed to {@link #fit} and
 * {@link #load}. The merged block is part of the cache key of fitted models, so a changed setting refits.
 *
 * <p>Implementations implement {@link #fit} and {@link #load}; {@link #create} is fitting.
 */
public interface GenerativeModelFactory extends ComponentFactory<GenerativeModel, TrainingSet> {

    /**
     * Fits a model. Must be deterministic given {@code config} and {@code data} (seed any randomness from
     * the config) so that cached and fresh fits agree.
     *
     * @param config the merged model config
     * @param data the examples to fit
     * @return the fitted model
     * @throws io.deepbootstrap.api.config.ConfigValueException naming the key if a value is invalid
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

    /**
     * The {@link ComponentFactory} view of this factory: the same as {@link #fit}.
     *
     * @param config the merged model config
     * @param data the examples to fit
     * @return the fitted model
     */
    @Override
    default GenerativeModel create(Config config, TrainingSet data) {
        return fit(config, data);
    }
}
