package io.deepbootstrap.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The description block of one experiment in a report: name, when its results were written, when it
 * started and its wall time, machine and versions (from {@code environment.json}), the hash of its
 * {@code config.conf}, the convergence criterion, how many runs have finished, and links to its files.
 * Every value is HTML-escaped.
 */
final class ExperimentHeader {

    private ExperimentHeader() {
    }

    /**
     * @param experiment the experiment
     * @param color its colour in a comparison, or null for a single report
     * @param outputDir the directory the report is written to (links are relative to it)
     * @param uPlotVersion the chart library's version
     * @return the HTML block
     */
    static String html(ResultDirectory experiment, String color, Path outputDir, String uPlotVersion) {
        JsonNode env = experiment.environment().orElse(null);
        List<String[]> items = new ArrayList<>();
        items.add(new String[] {"results as of", env != null ? env.path("updated").asText()
                : experiment.lastModified().toInstant().toString() + " (file time; no environment.json)"});
        if (env != null) {
            items.add(new String[] {"started", env.path("started").asText()});
            items.add(new String[] {"wall time", duration(env.path("wall_time_s").asDouble())});
            items.add(new String[] {"machine", env.path("host").asText() + " · " + env.path("os").asText() + " · "
                    + env.path("cpus").asText() + " cores · Java " + env.path("java").asText()});
            items.add(new String[] {"versions", "Deep Bootstrap " + env.path("framework").asText() + " · API "
                    + env.path("api").asText() + " · ND4J " + env.path("nd4j").asText() + " · uPlot " + uPlotVersion});
        } else {
            items.add(new String[] {"machine", "unknown (no environment.json in " + experiment.dir() + ")"});
        }
        items.add(new String[] {"config hash", experiment.configText().map(ExperimentHeader::hash)
                .orElse("no config.conf")});
        experiment.summary().map(s -> s.path("convergence")).filter(JsonNode::isObject).ifPresent(c ->
                items.add(new String[] {"T_stop", "first step with " + c.path("criterion").asText() + " below "
                        + c.path("threshold").asText()}));
        items.add(new String[] {"finished runs", runs(experiment)});
        StringBuilder out = new StringBuilder("<div class=\"experiment\">\n");
        if (color != null) {
            out.append("<h3><span class=\"swatch\" style=\"background:").append(Html.text(color)).append("\"></span> ")
                    .append(Html.text(experiment.name())).append("</h3>\n");
        }
        out.append("<dl class=\"meta\">\n");
        for (String[] item : items) {
            out.append("<dt>").append(Html.text(item[0])).append("</dt><dd>").append(Html.text(item[1]))
                    .append("</dd>\n");
        }
        out.append("<dt>files</dt><dd class=\"files\">");
        for (String file : experiment.files()) {
            out.append("<a href=\"").append(Html.text(href(outputDir, experiment.dir().resolve(file)))).append("\">")
                    .append(Html.text(file)).append("</a> ");
        }
        return out.append("</dd>\n</dl>\n</div>\n").toString();
    }

    private static String runs(ResultDirectory experiment) {
        long real = experiment.curves().runs().stream().filter(RunCurve::real).count();
        long ideal = experiment.curves().runs().size() - real;
        String text = real + " real, " + ideal + " ideal";
        JsonNode statuses = experiment.summary().map(s -> s.path("runs")).orElse(null);
        if (statuses != null && statuses.isArray()) {
            long notOk = 0;
            for (JsonNode run : statuses) {
                notOk += "ok".equals(run.path("status").asText("ok")) ? 0 : 1;
            }
            text += notOk > 0 ? " (" + notOk + " diverged or failed)" : "";
        }
        return text;
    }

    /**
     * @param text a configuration file's text
     * @return the first 12 hex digits of the SHA-256 of its UTF-8 bytes
     */
    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param from the directory a page is in
     * @param file a file
     * @return a relative URL from the page to the file, each path segment percent-encoded
     */
    static String href(Path from, Path file) {
        Path relative = from.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        List<String> segments = new ArrayList<>();
        for (Path segment : relative) {
            segments.add(URLEncoder.encode(segment.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", segments);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min %02d s", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
