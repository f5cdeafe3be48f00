/**
 * The IDX file format (MNIST, Fashion-MNIST): {@link io.deepbootstrap.data.idx.IdxFile} parses the header
 * of a raw or gzip-compressed IDX file and hands the data to the array layer
 * ({@link io.deepbootstrap.data.array}), which serves the {@code idx} and {@code fashion-mnist} data
 * sources as memory-mapped pools.
 */
package io.deepbootstrap.data.idx;
