/**
 * Built-in data sources and augmentations, listed in {@code META-INF/services/<factory interface>} like a plugin's:
 * IDX pools ({@code idx}, {@code fashion-mnist}) in {@link io.deepbootstrap.data.idx}, generators
 * ({@code synthetic-images}, {@code gaussian-mixture}) in {@link io.deepbootstrap.data.synthetic}, and
 * augmentations ({@code random-crop}, {@code horizontal-flip}, {@code cutout}, {@code mixup},
 * {@code gaussian-noise}) in {@link io.deepbootstrap.data.augment}. Defaults live in this module's
 * {@code reference.conf}.
 */
package io.deepbootstrap.data;
