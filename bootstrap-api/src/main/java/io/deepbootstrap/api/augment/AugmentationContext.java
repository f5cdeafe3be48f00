package io.deepbootstrap.api.augment;

import io.deepbootstrap.api.InputShape;

/** What the framework offers an augmentation factory. */
public interface AugmentationContext {

    /** @return the shape of one example (NHWC) */
    InputShape inputShape();

    /** @return the number of classes */
    int numClasses();
}
