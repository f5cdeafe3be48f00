package io.deepbootstrap.app.report;

import io.deepbootstrap.core.result.AtomicFiles;
import io.deepbootstrap.core.result.Decomposition;
import io.deepbootstrap.core.result.DecompositionChoice;
import io.deepbootstrap.core.result.DecompositionPoint;
import io.deepbootstrap.core.result.ExperimentResults;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figure of the {@link Decomposition} ({@value #FILE_NAME}), two panels side by side:
 * <ul>
 *   <li>left, per design choice a stacked bar of the seed means: the ideal world's test soft-error at the
 *       stop step (T_stop, or T for seeds that never converged) plus the bootstrap gap there, which adds
 *       up to the real world's test soft-error; a negative gap (real below ideal) is drawn as its own
 *       segment on top of the real world's value, so the bar then reaches the ideal value;</li>
 *   <li>right, one point per choice and seed: real-world against ideal-world test soft-error at the stop
 *       step, with the line y = x; the title gives Kendall's tau between the two worlds' rankings of the
 *       choices and the number of choices.</li>
 * </ul>
 * Written only when the experiment has at least 2 design choices.
 */
public final class DecompositionFigure {

    /** The file name within the experiment directory. */
    public static final String FILE_NAME = "decomposition.png";
    /** Width of one panel in pixels. */
    public static final int PANEL_WIDTH = 800;
    /** Height of the figure in pixels. */
    public static final int HEIGHT = 600;

    static final Color IDEAL = new Color(0x1f77b4);
    static final Color GAP = new Color(0xd62728);
    static final Color NEGATIVE_GAP = new Color(0x2ca02c);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private DecompositionFigure() {
    }

    /**
     * @param experimentDir the directory to write into
     * @param results the experiment's results
     * @return the file written; empty if the experiment has fewer than 2 design choices or none of them
     *     has a value yet
     * @throws IOException if the file cannot be written
     */
    public static Optional<Path> write(Path experimentDir, ExperimentResults results) throws IOException {
        Optional<Decomposition> decomposition = results.decomposition();
        if (decomposition.isEmpty() || decomposition.get().choices().stream().allMatch(c -> c.points().isEmpty())) {
            return Optional.empty();
        }
        BufferedImage image = render(decomposition.get());
        Path file = experimentDir.resolve(FILE_NAME);
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
        return Optional.of(file);
    }

    /**
     * @param d a decomposition
     * @return the two panels side by side
     */
    public static BufferedImage render(Decomposition d) {
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(bars(d)), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(scatter(d)), PANEL_WIDTH, 0, null);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The bars of the choices that have a value. */
    static CategoryChart bars(Decomposition d) {
        CategoryChart chart = new CategoryChartBuilder().width(PANEL_WIDTH).height(HEIGHT)
                .title("real = ideal + gap at the stop step (seed means)")
                .xAxisTitle("design choice").yAxisTitle("test " + d.metric()).build();
        style(chart.getStyler());
        chart.getStyler().setStacked(true);
        chart.getStyler().setOverlapped(false);
        List<DecompositionChoice> shown = d.choices().stream().filter(c -> !c.points().isEmpty()).toList();
        List<String> labels = shown.stream().map(DecompositionChoice::label).toList();
        List<Double> base = shown.stream().map(c -> finite(Math.min(c.ideal().mean(), c.real().mean()))).toList();
        List<Double> gaps = shown.stream().map(c -> finite(Math.max(c.gap().mean(), 0))).toList();
        List<Double> negative = shown.stream().map(c -> finite(Math.max(-c.gap().mean(), 0))).toList();
        bar(chart, "ideal world at the stop step", labels, base, IDEAL);
        bar(chart, "gap (real above ideal)", labels, gaps, GAP);
        if (negative.stream().anyMatch(v -> v > 0)) {
            bar(chart, "gap < 0 (real below ideal: bar top = ideal)", labels, negative, NEGATIVE_GAP);
        }
        return chart;
    }

    static XYChart scatter(Decomposition d) {
        String tau = Double.isNaN(d.rankAgreement().tau()) ? "undefined"
                : String.format(Locale.ROOT, "%.2f", d.rankAgreement().tau());
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(HEIGHT)
                .title("real vs ideal at the stop step; Kendall's tau = " + tau + " over "
                        + d.rankAgreement().n() + " choices")
                .xAxisTitle("ideal world test " + d.metric()).yAxisTitle("real world test " + d.metric()).build();
        style(chart.getStyler());
        ArchitectureColors colors = new ArchitectureColors(d.choices().stream().map(DecompositionChoice::label).toList());
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (DecompositionChoice c : d.choices()) {
            if (c.points().isEmpty()) {
                continue;
            }
            double[] x = c.points().stream().mapToDouble(DecompositionPoint::ideal).toArray();
            double[] y = c.points().stream().mapToDouble(DecompositionPoint::real).toArray();
            for (int i = 0; i < x.length; i++) {
                lo = Math.min(lo, Math.min(x[i], y[i]));
                hi = Math.max(hi, Math.max(x[i], y[i]));
            }
            XYSeries series = chart.addSeries(c.label(), x, y);
            series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(colors.of(c.label()));
        }
        if (lo <= hi) {
            double pad = Math.max(0.01, 0.05 * (hi - lo));
            XYSeries diagonal = chart.addSeries("y = x", new double[] {lo - pad, hi + pad},
                    new double[] {lo - pad, hi + pad});
            diagonal.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            diagonal.setMarker(SeriesMarkers.NONE);
            diagonal.setLineColor(Color.GRAY);
        }
        return chart;
    }

    private static void bar(CategoryChart chart, String name, List<String> labels, List<Double> values, Color color) {
        CategorySeries series = chart.addSeries(name, labels, values);
        series.setFillColor(color);
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0.0;
    }

    private static void style(AxesChartStyler styler) {
        styler.setLegendPosition(LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        styler.setYAxisDecimalPattern("0.00");
        styler.setAntiAlias(true);
    }
}
