/**
 * The IDX file format (MNIST, Fashion-MNIST): {@link io.deepbootstrap.data.idx.IdxReader} for any IDX
 * file, raw or gzip-compressed, and {@link io.deepbootstrap.data.idx.IdxPool}, the example pool behind
 * the {@code idx} and {@code fashion-mnist} data sources.
 */
package io.deepbootstrap.data.idx;
