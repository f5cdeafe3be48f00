package io.deepbootstrap.api;

/**
 * The shape of one input example, in NHWC order (height, width, channels). Vector data has height and
 * width 1. Pixel values given to networks are scaled to [-1, 1].
 *
 * @param height rows, at least 1
 * @param width columns, at least 1
 * @param channels channels (features for vector data), at least 1
 */
public record InputShape(int height, int width, int channels) {

    public InputShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("input shape dimensions must be >= 1, got " + height + "x" + width + "x" + channels);
        }
    }

    /** @param features the vector length @return the shape of a flat feature vector */
    public static InputShape vector(int features) {
        return new InputShape(1, 1, features);
    }

    /** @return the number of floats in one example */
    public int size() {
        return height * width * channels;
    }

    /** @return true if this is a flat vector (height and width 1) */
    public boolean isVector() {
        return height == 1 && width == 1;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
