/**
 * Minibatch augmentations, each operating in place on an NHWC {@link io.deepbootstrap.api.Batch} and
 * drawing only from the random stream passed to {@code apply}.
 */
package io.deepbootstrap.data.augment;
