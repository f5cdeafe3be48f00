package io.deepbootstrap.data.image;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.data.array.PendingFile;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws examples (NHWC floats in [-1, 1], 1 or 3 channels) as a PNG grid of labelled panels, e.g. real vs
 * generated samples side by side. Each panel has a title and a grid of {@code rows × columns} examples,
 * each scaled up by an integer factor.
 */
public final class SampleGrid {
    private static final int GAP = 2;
    private static final int TITLE = 18;

    /**
     * One titled block of examples.
     *
     * @param title text above the block
     * @param examples {@code rows * columns} examples, each {@code shape.size()} floats, row by row
     * @param rows rows of examples
     * @param columns examples per row
     */
    public record Panel(String title, List<float[]> examples, int rows, int columns) {
    }

    private final InputShape shape;
    private final int zoom;
    private final List<Panel> panels = new ArrayList<>();

    /**
     * @param shape the shape of every example
     * @param zoom pixels per example pixel (at least 1)
     */
    public SampleGrid(InputShape shape, int zoom) {
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new IllegalArgumentException("only 1- or 3-channel images can be drawn, got " + shape);
        }
        this.shape = shape;
        this.zoom = Math.max(1, zoom);
    }

    /**
     * @param panel a block to draw right of the previous ones
     * @return this grid
     */
    public SampleGrid add(Panel panel) {
        if (panel.examples().size() != panel.rows() * panel.columns()) {
            throw new IllegalArgumentException("panel " + panel.title() + " has " + panel.examples().size() + " examples for "
                    + panel.rows() + "x" + panel.columns());
        }
        panels.add(panel);
        return this;
    }

    /** @return the grid rendered as an RGB image */
    public BufferedImage render() {
        int cellW = shape.width() * zoom + GAP;
        int cellH = shape.height() * zoom + GAP;
        int width = GAP;
        int height = 0;
        for (Panel p : panels) {
            width += p.columns() * cellW + 4 * GAP;
            height = Math.max(height, TITLE + p.rows() * cellH + GAP);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        int x0 = GAP;
        for (Panel p : panels) {
            g.drawString(p.title(), x0, TITLE - 5);
            for (int r = 0; r < p.rows(); r++) {
                for (int c = 0; c < p.columns(); c++) {
                    draw(img, p.examples().get(r * p.columns() + c), x0 + c * cellW, TITLE + r * cellH);
                }
            }
            x0 += p.columns() * cellW + 4 * GAP;
        }
        g.dispose();
        return img;
    }

    private void draw(BufferedImage img, float[] ex, int left, int top) {
        int ch = shape.channels();
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int o = (y * shape.width() + x) * ch;
                int r = level(ex[o]);
                int gr = ch == 3 ? level(ex[o + 1]) : r;
                int b = ch == 3 ? level(ex[o + 2]) : r;
                int rgb = r << 16 | gr << 8 | b;
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        img.setRGB(left + x * zoom + dx, top + y * zoom + dy, rgb);
                    }
                }
            }
        }
    }

    private static int level(float v) {
        int q = Math.round((v + 1f) * 127.5f);
        return q < 0 ? 0 : Math.min(q, 255);
    }

    /**
     * Renders and writes the grid as PNG, atomically (see {@link PendingFile}).
     *
     * @param file the output file (parent directories are created)
     * @throws IOException if it cannot be written
     */
    public void writePng(Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (PendingFile png = PendingFile.create(file); ImageOutputStream out = new MemoryCacheImageOutputStream(png.stream())) {
            writer.setOutput(out); // a memory cache: ImageIO's default file cache leaves imageio*.tmp files in the temp folder
            writer.write(render());
            out.flush();
            png.commit();
        } finally {
            writer.dispose();
        }
    }
}
