package io.deepbootstrap.app.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The scripts and styles a report inlines, read from the class path: the uPlot chart library from its
 * WebJar ({@code org.webjars.npm:uplot}, version read from the jar's {@code pom.properties}) and the
 * report's own small script and style sheet next to this class.
 *
 * @param uPlotVersion the uPlot version
 * @param uPlotScript uPlot's minified script
 * @param uPlotStyle uPlot's style sheet
 * @param script the report's script (renders the charts, sorts the tables)
 * @param style the report's style sheet
 */
record ReportAssets(String uPlotVersion, String uPlotScript, String uPlotStyle, String script, String style) {

    private static final String WEBJAR = "/META-INF/resources/webjars/uplot/";

    private static volatile ReportAssets loaded;

    /** @return the assets, read once per JVM */
    static ReportAssets get() {
        ReportAssets assets = loaded;
        if (assets == null) {
            String version = webJarVersion();
            assets = new ReportAssets(version, resource(WEBJAR + version + "/dist/uPlot.iife.min.js"),
                    resource(WEBJAR + version + "/dist/uPlot.min.css"), resource("report.js"), resource("report.css"));
            loaded = assets;
        }
        return assets;
    }

    private static String webJarVersion() {
        String pom = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
        try (InputStream in = ReportAssets.class.getResourceAsStream(pom)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the class path: "
                        + pom + " not found");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReportAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report resource " + name + " not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
