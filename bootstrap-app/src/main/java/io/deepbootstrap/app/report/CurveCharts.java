package io.deepbootstrap.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The interactive charts of a report as JSON for the page's script: for every metric of
 * {@code curves.csv} one chart per group of comparable runs, each series a seed mean on the common step
 * axis, with min–max bands when there are several seeds and a T_stop marker.
 *
 * <p>One experiment: a chart per (N, augmentation), one colour per architecture. Several experiments: a
 * chart per (architecture, N, augmentation), one colour per experiment. In both, the real world's test
 * curve is solid, the ideal world's dashed and the real world's train curve dotted.
 *
 * <p>JSON: {@code [{metric, charts: [{title, x: [steps], series: [{label, color, style, values}]}]}]},
 * where style is {@code solid}, {@code dashed}, {@code dotted}, {@code band-upper}/{@code band-lower}
 * (consecutive, the area between them is filled) or {@code marker} (a single point: T_stop); values are
 * aligned with x, null where a series has no value.
 */
public final class CurveCharts {

    /**
     * One experiment's curves.
     *
     * @param experiment its name (series labels in a comparison)
     * @param curves its runs
     * @param tStops T_stop per real run label (from summary.json); runs without one are absent
     */
    public record Source(String experiment, CurveSet curves, Map<String, Double> tStops) {
    }

    /** The runs drawn in one colour of one chart. */
    private static final class Lines {
        final List<RunCurve> reals = new ArrayList<>();
        final List<RunCurve> ideals = new ArrayList<>();
        final List<Double> tStops = new ArrayList<>();
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> FIRST = List.of("soft_error", "error", "loss");

    private CurveCharts() {
    }

    /**
     * @param sources one or more experiments
     * @return the chart sections, one per metric
     */
    public static ArrayNode build(List<Source> sources) {
        boolean comparison = sources.size() > 1;
        Map<String, Map<String, Lines>> groups = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        ArchitectureColors colors = new ArchitectureColors(comparison
                ? sources.stream().map(Source::experiment).toList()
                : sources.get(0).curves().runs().stream().map(RunCurve::architecture).distinct().toList());
        Map<String, String> colorOf = new LinkedHashMap<>();
        for (Source source : sources) {
            for (RunCurve run : source.curves().runs()) {
                if (run.real()) {
                    String group = groupKey(comparison, run, run.trainSize());
                    titles.putIfAbsent(group, title(comparison, run, run.trainSize()));
                    Lines lines = lines(groups, group, colorKey(comparison, source, run));
                    lines.reals.add(run);
                    Double t = source.tStops().get(run.run());
                    if (t != null && Double.isFinite(t)) {
                        lines.tStops.add(t);
                    }
                }
            }
            for (RunCurve ideal : source.curves().runs()) {
                if (ideal.real()) {
                    continue;
                }
                List<String> sizes = source.curves().runs().stream()
                        .filter(r -> r.real() && sameCell(r, ideal)).map(RunCurve::trainSize).distinct().toList();
                for (String n : sizes.isEmpty() ? List.of("") : sizes) {
                    String group = groupKey(comparison, ideal, n);
                    titles.putIfAbsent(group, title(comparison, ideal, n));
                    lines(groups, group, colorKey(comparison, source, ideal)).ideals.add(ideal);
                }
            }
        }
        for (Map<String, Lines> group : groups.values()) {
            group.keySet().forEach(c -> colorOf.computeIfAbsent(c, k -> ArchitectureColors.hex(colors.of(k))));
        }
        ArrayNode sections = MAPPER.createArrayNode();
        for (String metric : metrics(sources)) {
            ArrayNode charts = MAPPER.createArrayNode();
            for (Map.Entry<String, Map<String, Lines>> group : groups.entrySet()) {
                ObjectNode chart = chart(metric, titles.get(group.getKey()), group.getValue(), colorOf);
                if (chart != null) {
                    charts.add(chart);
                }
            }
            if (!charts.isEmpty()) {
                ObjectNode section = sections.addObject();
                section.put("metric", metric.replace('_', '-'));
                section.set("charts", charts);
            }
        }
        return sections;
    }

    private static Lines lines(Map<String, Map<String, Lines>> groups, String group, String color) {
        return groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).computeIfAbsent(color, c -> new Lines());
    }

    private static boolean sameCell(RunCurve a, RunCurve b) {
        return a.architecture().equals(b.architecture()) && a.augmentation().equals(b.augmentation())
                && a.extra().equals(b.extra());
    }

    private static String groupKey(boolean comparison, RunCurve run, String n) {
        return (comparison ? run.architecture() : "") + "\u0000" + n + "\u0000" + run.augmentation() + "\u0000"
                + run.extra();
    }

    private static String colorKey(boolean comparison, Source source, RunCurve run) {
        return comparison ? source.experiment() : run.architecture();
    }

    private static String title(boolean comparison, RunCurve run, String n) {
        List<String> parts = new ArrayList<>();
        if (comparison) {
            parts.add(run.architecture());
        }
        parts.add(n.isEmpty() ? "ideal world only" : "N = " + n);
        if (!run.augmentation().isEmpty() && !"none".equals(run.augmentation())) {
            parts.add("augmentation " + run.augmentation());
        }
        if (!run.extra().isEmpty()) {
            parts.add(run.extra());
        }
        return String.join(", ", parts);
    }

    private static List<String> metrics(List<Source> sources) {
        TreeSet<String> all = new TreeSet<>();
        sources.forEach(s -> all.addAll(s.curves().metrics()));
        List<String> ordered = new ArrayList<>();
        FIRST.stream().filter(all::contains).forEach(ordered::add);
        all.stream().filter(m -> !FIRST.contains(m)).forEach(ordered::add);
        return ordered;
    }

    private static ObjectNode chart(String metric, String title, Map<String, Lines> group, Map<String, String> colorOf) {
        TreeSet<Double> steps = new TreeSet<>();
        for (Lines lines : group.values()) {
            addSteps(steps, lines.reals);
            addSteps(steps, lines.ideals);
            if (!lines.tStops.isEmpty()) {
                steps.add((double) Math.round(mean(lines.tStops)));
            }
        }
        double[] x = steps.stream().mapToDouble(Double::doubleValue).toArray();
        ObjectNode chart = MAPPER.createObjectNode();
        chart.put("title", metric.replace('_', '-') + ": " + title);
        ArrayNode xs = chart.putArray("x");
        for (double step : x) {
            xs.add(step);
        }
        ArrayNode series = chart.putArray("series");
        boolean any = false;
        for (Map.Entry<String, Lines> entry : group.entrySet()) {
            String color = colorOf.get(entry.getKey());
            Lines lines = entry.getValue();
            SeriesStats realTest = SeriesStats.of(lines.reals, "test_" + metric, x);
            SeriesStats idealTest = SeriesStats.of(lines.ideals, "test_" + metric, x);
            SeriesStats realTrain = SeriesStats.of(lines.reals, "train_" + metric, x);
            any |= !realTest.isEmpty() || !idealTest.isEmpty() || !realTrain.isEmpty();
            band(series, entry.getKey() + " real", realTest, color);
            band(series, entry.getKey() + " ideal", idealTest, color);
            line(series, entry.getKey() + " real (test)", realTest, color, "solid");
            line(series, entry.getKey() + " ideal (test)", idealTest, color, "dashed");
            line(series, entry.getKey() + " real (train)", realTrain, color, "dotted");
            if (!lines.tStops.isEmpty() && !realTest.isEmpty()) {
                double tStop = Math.round(mean(lines.tStops));
                double y = realTest.meanAt(x, tStop);
                if (Double.isFinite(y)) {
                    double[] values = new double[x.length];
                    java.util.Arrays.fill(values, Double.NaN);
                    values[java.util.Arrays.binarySearch(x, tStop)] = y;
                    add(series, entry.getKey() + " T_stop = " + (long) tStop
                            + (lines.tStops.size() > 1 ? " (mean of " + lines.tStops.size() + ")" : ""),
                            color, "marker", values);
                }
            }
        }
        return any ? chart : null;
    }

    private static void addSteps(TreeSet<Double> steps, List<RunCurve> runs) {
        for (RunCurve run : runs) {
            for (double step : run.steps()) {
                if (step >= 1) {
                    steps.add(step);
                }
            }
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static void line(ArrayNode series, String label, SeriesStats stats, String color, String style) {
        if (!stats.isEmpty()) {
            add(series, label + (stats.seeds() > 1 ? ", mean of " + stats.seeds() + " seeds" : ""), color, style,
                    stats.mean());
        }
    }

    private static void band(ArrayNode series, String label, SeriesStats stats, String color) {
        if (stats.seeds() > 1) {
            add(series, label + " max over seeds", color, "band-upper", stats.max());
            add(series, label + " min over seeds", color, "band-lower", stats.min());
        }
    }

    private static void add(ArrayNode series, String label, String color, String style, double[] values) {
        ObjectNode s = series.addObject();
        s.put("label", label);
        s.put("color", color);
        s.put("style", style);
        ArrayNode v = s.putArray("values");
        for (double value : values) {
            if (Double.isFinite(value)) {
                v.add(value);
            } else {
                v.addNull();
            }
        }
    }
}
