/** The built-in architectures ({@code mlp}, {@code cnn}), each selectable with {@code engine = native | dl4j}. */
package io.deepbootstrap.models.arch;
