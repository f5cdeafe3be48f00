package io.deepbootstrap.api.data.fitted;

import com.typesafe.config.Config;

/**
 * A generative model block resolved by the framework
 * ({@link io.deepbootstrap.api.data.DataContext#generativeModel(Config)}).
 *
 * @param factory the factory registered (built in or by a plugin) under the block's {@code type}
 * @param config the block's keys without {@code type}, merged over the model's defaults at
 *     {@code bootstrap.components.generative-model.<type>}; unknown keys have been rejected
 */
public record ResolvedGenerativeModel(GenerativeModelFactory factory, Config config) {
}
