package io.deepbootstrap.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the HTML report of one experiment, or the comparison page of several: one self-contained file
 * (chart library, script, style and data inlined) whose Content-Security-Policy allows no request at all
 * and runs only its own two scripts (by hash).
 */
final class ReportPage {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportPage() {
    }

    /**
     * @param experiments the experiments, at least one; names must be unique
     * @param outputDir the directory the page will be written to (for relative links)
     * @return the page
     */
    static String render(List<ResultDirectory> experiments, Path outputDir) {
        ReportAssets assets = ReportAssets.get();
        boolean comparison = experiments.size() > 1;
        List<String> names = experiments.stream().map(ResultDirectory::name).toList();
        ArchitectureColors colors = new ArchitectureColors(names);
        String title = comparison ? "Comparison: " + String.join(" vs ", names) : names.get(0);

        List<CurveCharts.Source> sources = new ArrayList<>();
        for (ResultDirectory e : experiments) {
            sources.add(new CurveCharts.Source(e.name(), e.curves(), tStops(e)));
        }
        ObjectNode data = MAPPER.createObjectNode();
        data.set("sections", CurveCharts.build(sources));
        ArrayNode decompositionCharts = data.putArray("decomposition");
        for (ResultDirectory e : experiments) {
            DecompositionCharts.of(e.name(), e.summary().map(s -> s.get("decomposition")).orElse(null))
                    .forEach(decompositionCharts::add);
        }
        String json = Html.scriptJson(data.toString());

        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(Html.text(title)).append("</h1>\n");
        body.append("<p class=\"note\">Deep Bootstrap report: real world (N examples reused over epochs) vs ideal "
                + "world (fresh examples every step). Solid: real world test, dashed: ideal world test, dotted: real "
                + "world train; the marker is T_stop. Click a legend entry to hide a series; hover to read values.</p>\n");
        for (ResultDirectory e : experiments) {
            body.append(ExperimentHeader.html(e, comparison ? ArchitectureColors.hex(colors.of(e.name())) : null,
                    outputDir, assets.uPlotVersion()));
        }
        body.append("<h2>Summary</h2>\n");
        List<String> metrics = metricKeys(experiments);
        body.append(JsonTable.html("summary", rows(experiments, "aggregates"), comparison, metrics));
        body.append("<details><summary>Every real-vs-ideal comparison (one per real run)</summary>\n")
                .append(JsonTable.html("comparisons", rows(experiments, "comparisons"), comparison, metrics))
                .append("</details>\n");
        body.append("<h2>Curves</h2>\n<div id=\"curves\"></div>\n");
        decomposition(body, experiments, comparison);
        configuration(body, experiments, comparison);

        String script = assets.script();
        String uPlot = assets.uPlotScript();
        String csp = "default-src 'none'; script-src " + sha256(uPlot) + " " + sha256(script)
                + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Html.text(title) + "</title>\n"
                + "<style>" + assets.uPlotStyle() + "\n" + assets.style() + "</style>\n</head>\n<body>\n"
                + body
                + "<script type=\"application/json\" id=\"report-data\">" + json + "</script>\n"
                + "<script>" + uPlot + "</script>\n<script>" + script + "</script>\n</body>\n</html>\n";
    }

    /** The metrics of the experiments' curves, soft-error first (the paper's main metric). */
    private static List<String> metricKeys(List<ResultDirectory> experiments) {
        List<String> metrics = new ArrayList<>();
        for (String first : List.of("soft_error", "error", "loss")) {
            if (experiments.stream().anyMatch(e -> e.curves().metrics().contains(first))) {
                metrics.add(first);
            }
        }
        experiments.forEach(e -> e.curves().metrics().stream().filter(m -> !metrics.contains(m)).forEach(metrics::add));
        return metrics;
    }

    private static Map<String, Double> tStops(ResultDirectory e) {
        Map<String, Double> tStops = new HashMap<>();
        e.summary().map(s -> s.path("comparisons")).filter(JsonNode::isArray).ifPresent(array -> {
            for (JsonNode c : array) {
                JsonNode t = c.path("t_stop");
                if (t.isNumber() && c.path("run").isTextual()) {
                    tStops.put(c.path("run").asText(), t.asDouble());
                }
            }
        });
        return tStops;
    }

    private static List<JsonTable.Rows> rows(List<ResultDirectory> experiments, String field) {
        List<JsonTable.Rows> rows = new ArrayList<>();
        for (ResultDirectory e : experiments) {
            rows.add(new JsonTable.Rows(e.name(), e.summary().map(s -> s.get(field)).orElse(null)));
        }
        return rows;
    }

    private static void decomposition(StringBuilder body, List<ResultDirectory> experiments, boolean comparison) {
        List<JsonTable.Rows> rows = new ArrayList<>();
        for (ResultDirectory e : experiments) {
            e.decomposition().ifPresent(csv -> rows.add(new JsonTable.Rows(e.name(), csvAsJson(csv))));
        }
        boolean charts = experiments.stream().anyMatch(e -> e.summary().map(s -> s.path("decomposition"))
                .filter(JsonNode::isObject).isPresent());
        if (rows.isEmpty() && !charts) {
            return;
        }
        body.append("<h2>Decomposition: real at T_stop = ideal at T_stop + gap</h2>\n")
                .append("<div id=\"decomposition-charts\"></div>\n")
                .append(JsonTable.html("decomposition", rows, comparison, List.of()));
    }

    /**
     * @param csv a CSV table
     * @return its rows as JSON objects, numbers as numbers
     */
    static ArrayNode csvAsJson(CsvTable csv) {
        ArrayNode array = MAPPER.createArrayNode();
        for (List<String> row : csv.rows()) {
            ObjectNode object = array.addObject();
            for (int c = 0; c < csv.header().size(); c++) {
                String cell = row.get(c);
                try {
                    object.put(csv.header().get(c), Double.parseDouble(cell));
                } catch (NumberFormatException notANumber) {
                    object.put(csv.header().get(c), cell);
                }
            }
        }
        return array;
    }

    private static void configuration(StringBuilder body, List<ResultDirectory> experiments, boolean comparison) {
        body.append("<h2>Configuration</h2>\n");
        if (comparison) {
            List<ConfigDiff.Row> diff = ConfigDiff.of(experiments.stream().map(ResultDirectory::configText).toList(),
                    experiments.stream().map(e -> e.dir().resolve(ResultDirectory.CONFIG).toString()).toList());
            body.append("<h3>What differs</h3>\n");
            body.append(diffTable(diff, experiments));
        }
        for (ResultDirectory e : experiments) {
            body.append("<details><summary>Effective configuration").append(comparison ? " of " + Html.text(e.name()) : "")
                    .append(" (config.conf)</summary>\n<pre>")
                    .append(Html.text(e.configText().orElse("(no config.conf in " + e.dir() + ")")))
                    .append("</pre></details>\n");
        }
    }

    private static String diffTable(List<ConfigDiff.Row> diff, List<ResultDirectory> experiments) {
        if (diff.isEmpty()) {
            return "<p class=\"note\">The configurations are identical.</p>\n";
        }
        StringBuilder out = new StringBuilder("<div class=\"table-wrap\"><table class=\"sortable\" id=\"config-diff\">"
                + "<thead><tr><th data-type=\"text\">key</th>");
        experiments.forEach(e -> out.append("<th data-type=\"text\">").append(Html.text(e.name())).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (ConfigDiff.Row row : diff) {
            out.append("<tr><td data-sort=\"").append(Html.text(row.key())).append("\">").append(Html.text(row.key()))
                    .append("</td>");
            for (Optional<String> value : row.values()) {
                String v = value.orElse("(absent)");
                out.append("<td data-sort=\"").append(Html.text(v)).append("\">").append(Html.text(v)).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody></table></div>\n").toString();
    }

    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
