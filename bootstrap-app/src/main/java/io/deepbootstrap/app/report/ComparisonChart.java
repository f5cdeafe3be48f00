package io.deepbootstrap.app.report;

import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.core.result.AggregateKey;
import io.deepbootstrap.core.result.Comparison;
import io.deepbootstrap.core.result.RunRecord;
import io.deepbootstrap.core.result.SeedAggregate;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A real-vs-ideal chart in the style of the Deep Bootstrap paper, for one train size and augmentation:
 * one metric against the step on a logarithmic axis; per architecture (one colour each) the real
 * world's test curve solid, the ideal world's dashed, the real world's train curve dotted and T_stop
 * marked by a diamond on the real test curve. With several seeds the curves are seed means and a light
 * band spans the seeds' minimum to maximum.
 */
public final class ComparisonChart {

    /** Width of a rendered chart in pixels. */
    public static final int WIDTH = 1000;
    /** Height of a rendered chart in pixels. */
    public static final int HEIGHT = 600;

    private static final BasicStroke SOLID = new BasicStroke(2f);
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
            10f, new float[] {8f, 5f}, 0f);
    private static final BasicStroke DOTTED = new BasicStroke(1.6f, BasicStroke.CAP_ROUND,
            BasicStroke.JOIN_ROUND, 10f, new float[] {1.5f, 4f}, 0f);
    private static final int BAND_ALPHA = 45;

    private ComparisonChart() {
    }

    /**
     * @param metric the metric to plot, e.g. {@code soft-error}
     * @param group the aggregates of one train size and augmentation, one per architecture
     * @param colors the experiment's architecture colours
     * @return the chart; empty if none of the runs has a value to plot
     */
    public static Optional<XYChart> build(String metric, List<SeedAggregate> group, ArchitectureColors colors) {
        AggregateKey key = group.get(0).key();
        String augmentation = "none".equals(key.augmentation()) ? "" : ", augmentation " + key.augmentation();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(metric + ": real world (N = " + key.trainSize() + ") vs ideal world" + augmentation)
                .xAxisTitle("step (log scale)").yAxisTitle(metric).build();
        style(chart);
        for (SeedAggregate aggregate : group) {
            addArchitecture(chart, metric, aggregate, colors.of(aggregate.key().architecture()));
        }
        return chart.getSeriesMap().isEmpty() ? Optional.empty() : Optional.of(chart);
    }

    private static void addArchitecture(XYChart chart, String metric, SeedAggregate aggregate, Color color) {
        String arch = aggregate.key().architecture();
        List<RunRecord> reals = aggregate.comparisons().stream().map(Comparison::real).toList();
        List<RunRecord> ideals = aggregate.comparisons().stream().map(Comparison::ideal)
                .filter(Objects::nonNull).distinct().toList();
        SeedBand realTest = SeedBand.of(reals, Evaluation::test, metric);
        SeedBand idealTest = SeedBand.of(ideals, Evaluation::test, metric);
        SeedBand realTrain = SeedBand.of(reals, Evaluation::train, metric);

        addBand(chart, arch + " real band", realTest, color);
        addBand(chart, arch + " ideal band", idealTest, color);
        addLine(chart, arch + " real (test)", realTest, color, SOLID);
        addLine(chart, arch + " ideal (test)", idealTest, color, DASHED);
        addLine(chart, arch + " real (train)", realTrain, color, DOTTED);
        if (!aggregate.tStop().isEmpty()) {
            double tStop = aggregate.tStop().mean();
            double y = realTest.meanAt(tStop);
            if (Double.isFinite(y)) {
                XYSeries marker = chart.addSeries(arch + " T_stop", new double[] {tStop}, new double[] {y});
                marker.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                marker.setMarker(SeriesMarkers.DIAMOND);
                marker.setMarkerColor(color.darker());
            }
        }
    }

    private static void addLine(XYChart chart, String name, SeedBand band, Color color, BasicStroke stroke) {
        if (band.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, band.steps(), band.mean());
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setLineColor(color);
        series.setLineStyle(stroke);
        series.setMarker(SeriesMarkers.NONE);
    }

    private static void addBand(XYChart chart, String name, SeedBand band, Color color) {
        if (band.isEmpty() || !band.hasSpread()) {
            return;
        }
        double[][] outline = band.outline();
        XYSeries series = chart.addSeries(name, outline[0], outline[1]);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        series.setFillColor(ArchitectureColors.translucent(color, BAND_ALPHA));
        series.setLineColor(ArchitectureColors.translucent(color, 0));
        series.setMarker(SeriesMarkers.NONE);
        series.setShowInLegend(false);
    }

    private static void style(XYChart chart) {
        var styler = chart.getStyler();
        styler.setXAxisLogarithmic(true);
        styler.setYAxisMin(0.0);
        styler.setYAxisDecimalPattern("0.0#");
        styler.setXAxisDecimalPattern("#,##0");
        styler.setLegendPosition(LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setPlotBorderColor(new Color(0x999999));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAntiAlias(true);
    }
}
