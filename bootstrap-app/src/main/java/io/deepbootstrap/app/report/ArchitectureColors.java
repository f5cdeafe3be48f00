package io.deepbootstrap.app.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One colour per architecture, the same in every plot of an experiment (a colour-blind-safe palette). */
public final class ArchitectureColors {

    private static final List<Color> PALETTE = List.of(
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
            new Color(0xbcbd22), new Color(0x7f7f7f));

    private final Map<String, Color> colors = new LinkedHashMap<>();

    /**
     * @param architectures architecture labels; colours are handed out in this order
     */
    public ArchitectureColors(List<String> architectures) {
        architectures.forEach(this::of);
    }

    /**
     * @param architecture an architecture label
     * @return its colour; a new label gets the next colour of the palette (cycling after ten)
     */
    public Color of(String architecture) {
        return colors.computeIfAbsent(architecture, a -> PALETTE.get(colors.size() % PALETTE.size()));
    }

    /**
     * @param color a colour
     * @param alpha opacity, 0 to 255
     * @return the colour with that opacity
     */
    public static Color translucent(Color color, int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    /**
     * @param color a colour
     * @return its CSS form, e.g. {@code #1f77b4}
     */
    public static String hex(Color color) {
        return String.format("#%06x", color.getRGB() & 0xffffff);
    }
}
