/**
 * The generative model SPI of the {@code fitted} data source: a {@link
 * io.deepbootstrap.api.data.fitted.GenerativeModelFactory} fits a {@link
 * io.deepbootstrap.api.data.fitted.GenerativeModel} to a {@link io.deepbootstrap.api.data.fitted.TrainingSet}
 * and reloads it from a cache. Plugins contribute models as components of kind {@code generative-model}.
 */
package io.deepbootstrap.api.data.fitted;
