package io.deepbootstrap.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sortable HTML table from an array of JSON objects (the aggregates or comparisons of
 * {@code summary.json}), built without knowing their fields: every leaf becomes a column named by its
 * path; an object with {@code mean}, {@code std} and {@code n} is one column shown as
 * {@code mean ± std (n)}; arrays are left out. Columns appear in the order they are first met. Every
 * cell carries its sort key in {@code data-sort}; every text is HTML-escaped. A column whose path ends
 * in a metric name is marked with {@code data-metric}, and the table gets a metric selector that shows
 * one metric's columns at a time (the page's script; without it every column shows).
 */
final class JsonTable {

    /** A row source: the experiment it belongs to (shown in a comparison) and its objects. */
    record Rows(String experiment, JsonNode array) {
    }

    private final Map<String, Boolean> columns = new LinkedHashMap<>();
    private final List<Map<String, String[]>> rows = new ArrayList<>();

    private JsonTable() {
    }

    /**
     * @param id the table's element id
     * @param sources the arrays of objects, one per experiment
     * @param withExperiment whether to add an experiment column (comparisons of several experiments)
     * @param metrics metric names as they appear in the JSON keys ({@code soft_error}), the first shown first
     * @return the table's HTML, or a paragraph saying that there is nothing to show
     */
    static String html(String id, List<Rows> sources, boolean withExperiment, List<String> metrics) {
        JsonTable table = new JsonTable();
        for (Rows source : sources) {
            if (source.array() == null || !source.array().isArray()) {
                continue;
            }
            for (JsonNode object : source.array()) {
                Map<String, String[]> row = new LinkedHashMap<>();
                if (withExperiment) {
                    table.columns.put("experiment", false);
                    row.put("experiment", new String[] {source.experiment(), source.experiment()});
                }
                table.flatten("", object, row);
                table.rows.add(row);
            }
        }
        if (table.rows.isEmpty()) {
            return "<p class=\"note\">none yet</p>\n";
        }
        return table.render(id, metrics);
    }

    private void flatten(String path, JsonNode node, Map<String, String[]> row) {
        if (node.isObject() && node.has("mean") && node.has("n")) {
            columns.putIfAbsent(path, true);
            row.put(path, stat(node));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> flatten(path.isEmpty() ? f.getKey() : path + " / " + f.getKey(),
                    f.getValue(), row));
        } else if (!node.isArray()) {
            columns.putIfAbsent(path, node.isNumber());
            row.put(path, scalar(node));
        }
    }

    private static String[] stat(JsonNode node) {
        JsonNode mean = node.get("mean");
        JsonNode std = node.get("std");
        int n = node.path("n").asInt();
        if (mean == null || !mean.isNumber()) {
            return new String[] {"—", ""};
        }
        String text = number(mean.asDouble());
        if (n > 1 && std != null && std.isNumber()) {
            text += " ± " + number(std.asDouble()) + " (n=" + n + ")";
        }
        return new String[] {text, Double.toString(mean.asDouble())};
    }

    private static String[] scalar(JsonNode node) {
        if (node.isNull() || node.isMissingNode()) {
            return new String[] {"—", ""};
        }
        if (node.isNumber()) {
            return new String[] {number(node.asDouble()), Double.toString(node.asDouble())};
        }
        return new String[] {node.asText(), node.asText()};
    }

    /**
     * @param value a number
     * @return integers as integers, other numbers with four decimals (or four significant digits when
     *     smaller than 0.001)
     */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return Long.toString((long) value);
        }
        if (Math.abs(value) < 1e-3) {
            return String.format(Locale.ROOT, "%.4g", value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String metricOf(String column, List<String> metrics) {
        String last = column.substring(column.lastIndexOf('/') + 1).trim();
        return metrics.contains(last) ? last : null;
    }

    private String render(String id, List<String> metrics) {
        StringBuilder out = new StringBuilder();
        List<String> present = metrics.stream().filter(m -> columns.keySet().stream()
                .anyMatch(c -> m.equals(metricOf(c, metrics)))).toList();
        if (present.size() > 1) {
            out.append("<p class=\"metric-filter\">metric: <select data-table=\"").append(Html.text(id)).append("\">");
            present.forEach(m -> out.append("<option value=\"").append(Html.text(m)).append("\">")
                    .append(Html.text(m.replace('_', '-'))).append("</option>"));
            out.append("</select></p>\n");
        }
        out.append("<div class=\"table-wrap\"><table class=\"sortable\" id=\"").append(Html.text(id)).append("\">\n<thead><tr>");
        for (Map.Entry<String, Boolean> column : columns.entrySet()) {
            String metric = metricOf(column.getKey(), metrics);
            out.append("<th").append(metric == null ? "" : " data-metric=\"" + Html.text(metric) + "\"")
                    .append(" data-type=\"").append(column.getValue() ? "number" : "text").append("\" title=\"")
                    .append(Html.text("sort by " + column.getKey())).append("\">")
                    .append(Html.text(column.getKey().replace('_', ' '))).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (Map<String, String[]> row : rows) {
            out.append("<tr>");
            for (Map.Entry<String, Boolean> column : columns.entrySet()) {
                String[] cell = row.getOrDefault(column.getKey(), new String[] {"", ""});
                String metric = metricOf(column.getKey(), metrics);
                out.append("<td").append(metric == null ? "" : " data-metric=\"" + Html.text(metric) + "\"")
                        .append(" data-sort=\"").append(Html.text(cell[1])).append('"')
                        .append(column.getValue() ? " class=\"num\"" : "").append('>')
                        .append(Html.text(cell[0])).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody></table></div>\n").toString();
    }
}
