package io.deepbootstrap.data.synthetic;

import java.util.Locale;

/**
 * The classes of {@link SyntheticImages}, in label order: five outline/filled shapes and a cross, three
 * stripe orientations, a checkerboard and a triangle. Textures (stripes, checkerboard) fill a square
 * patch. Each is drawn at a random position, size, small rotation and colour pair.
 */
public enum Shape {
    /** A filled disc. */
    DISC,
    /** A circle outline. */
    RING,
    /** A square outline. */
    SQUARE_OUTLINE,
    /** A filled square. */
    FILLED_SQUARE,
    /** A plus-shaped cross. */
    CROSS,
    /** A square patch of horizontal stripes. */
    HORIZONTAL_STRIPES,
    /** A square patch of vertical stripes. */
    VERTICAL_STRIPES,
    /** A square patch of stripes at 45 or 135 degrees. */
    DIAGONAL_STRIPES,
    /** A square patch of checkerboard. */
    CHECKERBOARD,
    /** A filled equilateral triangle pointing up. */
    TRIANGLE;

    /** @return the class name, e.g. {@code square-outline} */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
