/**
 * The built-in architectures: {@code mlp} and {@code cnn} (each selectable with {@code engine = native | dl4j}),
 * and the paper's image architectures {@code resnet} (pre-activation ResNet), {@code vgg} (VGG with batch norm)
 * and {@code vit} (vision transformer), built from the native toolkit only ({@link
 * io.deepbootstrap.models.arch.ImageModels}).
 */
package io.deepbootstrap.models.arch;
