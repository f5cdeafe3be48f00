/**
 * Generators that need no files: {@link io.deepbootstrap.data.synthetic.SyntheticImages} (shapes and
 * textures) and {@link io.deepbootstrap.data.synthetic.GaussianMixture}.
 */
package io.deepbootstrap.data.synthetic;
