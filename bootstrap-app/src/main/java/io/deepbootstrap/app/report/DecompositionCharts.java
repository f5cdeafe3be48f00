package io.deepbootstrap.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The interactive decomposition figures of an experiment, from the {@code decomposition} block of its
 * {@code summary.json}: per design choice the real world's test metric at T_stop next to the ideal
 * world's, with the gap between them (real = ideal + gap), and a scatter of real vs ideal with one point
 * per choice and seed against the line y = x; Kendall's tau of the two rankings in the title.
 *
 * <p>JSON for the page's script: {@code {kind: "bars", title, labels, yLabel, series: [{label, color,
 * style, values}]}} (style {@code bar-left}, {@code bar-right} or {@code value}: shown in the legend
 * only) and {@code {kind: "scatter", title, xLabel, yLabel, x, series}} (style {@code points} or
 * {@code dashed}).
 */
final class DecompositionCharts {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DecompositionCharts() {
    }

    /**
     * @param experiment the experiment's name (titles)
     * @param decomposition the {@code decomposition} block of summary.json (null or missing: none)
     * @return the two charts, or none if the block is absent or has no choices
     */
    static List<ObjectNode> of(String experiment, JsonNode decomposition) {
        if (decomposition == null || !decomposition.path("choices").isArray() || decomposition.path("choices").isEmpty()) {
            return List.of();
        }
        String metric = decomposition.path("metric").asText("soft_error").replace('_', '-');
        JsonNode rank = decomposition.path("rank_agreement");
        String tau = rank.path("kendall_tau").isNumber()
                ? String.format(Locale.ROOT, "Kendall's tau %.2f over %d choices", rank.path("kendall_tau").asDouble(),
                        rank.path("choices").asInt())
                : "Kendall's tau undefined (" + rank.path("choices").asInt() + " choices)";
        ArchitectureColors colors = new ArchitectureColors(List.of());
        String prefix = experiment + ": test " + metric + " at T_stop";

        ObjectNode bars = MAPPER.createObjectNode().put("kind", "bars")
                .put("title", prefix + ", real = ideal + gap (" + tau + ")").put("yLabel", metric);
        ArrayNode labels = bars.putArray("labels");
        ArrayNode series = bars.putArray("series");
        ArrayNode ideal = bar(series, "ideal world at T_stop", ArchitectureColors.hex(colors.of("ideal")), "bar-left");
        ArrayNode real = bar(series, "real world at T_stop", ArchitectureColors.hex(colors.of("real")), "bar-right");
        ArrayNode gap = bar(series, "gap = real - ideal", "#555555", "value");
        for (JsonNode choice : decomposition.path("choices")) {
            labels.add(choice.path("choice").asText());
            ideal.add(choice.path("ideal").path("mean"));
            real.add(choice.path("real").path("mean"));
            gap.add(choice.path("gap").path("mean"));
        }

        TreeSet<Double> xs = new TreeSet<>();
        for (JsonNode choice : decomposition.path("choices")) {
            choice.path("seeds").forEach(s -> {
                if (s.path("ideal").isNumber() && s.path("real").isNumber()) {
                    xs.add(s.path("ideal").asDouble());
                }
            });
        }
        List<Double> x = new ArrayList<>(xs);
        ObjectNode scatter = MAPPER.createObjectNode().put("kind", "scatter")
                .put("title", prefix + ": real vs ideal, one point per choice and seed (" + tau + ")")
                .put("xLabel", "ideal world").put("yLabel", "real world");
        ArrayNode xArray = scatter.putArray("x");
        x.forEach(xArray::add);
        ArrayNode points = scatter.putArray("series");
        ArrayNode diagonal = bar(points, "y = x", "#999999", "dashed");
        x.forEach(diagonal::add);
        ArchitectureColors choiceColors = new ArchitectureColors(List.of());
        for (JsonNode choice : decomposition.path("choices")) {
            ArrayNode values = bar(points, choice.path("choice").asText(),
                    ArchitectureColors.hex(choiceColors.of(choice.path("choice").asText())), "points");
            Double[] aligned = new Double[x.size()];
            choice.path("seeds").forEach(s -> {
                if (s.path("ideal").isNumber() && s.path("real").isNumber()) {
                    aligned[x.indexOf(s.path("ideal").asDouble())] = s.path("real").asDouble();
                }
            });
            for (Double v : aligned) {
                if (v == null) {
                    values.addNull();
                } else {
                    values.add(v);
                }
            }
        }
        return x.isEmpty() ? List.of(bars) : List.of(bars, scatter);
    }

    private static ArrayNode bar(ArrayNode series, String label, String color, String style) {
        ObjectNode s = series.addObject().put("label", label).put("color", color).put("style", style);
        return s.putArray("values");
    }
}
