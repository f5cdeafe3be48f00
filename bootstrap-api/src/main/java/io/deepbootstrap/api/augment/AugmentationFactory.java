package io.deepbootstrap.api.augment;

import io.deepbootstrap.api.ComponentFactory;

/**
 * Builds an {@link Augmentation} from a {@code training.augmentations = [{ type = ... }]} entry.
 * Defaults live under {@code bootstrap.components.augmentation.<name>}.
 */
public interface AugmentationFactory extends ComponentFactory<Augmentation, AugmentationContext> {
}
