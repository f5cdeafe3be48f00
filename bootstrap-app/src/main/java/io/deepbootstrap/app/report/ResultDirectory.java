package io.deepbootstrap.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.result.CurvesCsv;
import io.deepbootstrap.core.result.SummaryJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An experiment's results directory as the report reads it: whatever result files exist, read
 * generically, so that the report can be rebuilt from an interrupted experiment's partial files.
 *
 * @param dir the directory
 * @param name the experiment's name ({@code experiment} of summary.json, else the directory's name)
 * @param configText the text of {@code config.conf}, if present
 * @param curves the runs of {@code curves.csv} (empty if the file is missing)
 * @param summary {@code summary.json}, if present
 * @param decomposition {@code decomposition.csv}, if present
 * @param environment {@code environment.json}, if present
 * @param files the result files present (CSV, JSON, PNG, config), for links, sorted by name
 * @param lastModified the newest modification time among them
 */
public record ResultDirectory(Path dir, String name, Optional<String> configText, CurveSet curves,
                              Optional<JsonNode> summary, Optional<CsvTable> decomposition,
                              Optional<JsonNode> environment, List<String> files, FileTime lastModified) {

    /** Name of the experiment's effective configuration file. */
    public static final String CONFIG = "config.conf";
    /** Name of the decomposition table. */
    public static final String DECOMPOSITION = "decomposition.csv";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param dir a results directory written by {@code bootstrap run}
     * @return what it holds
     * @throws ConfigError if it is not a directory, holds neither {@code curves.csv} nor
     *     {@code summary.json}, or a file in it cannot be parsed (the message names the file)
     * @throws IOException if a file cannot be read
     */
    public static ResultDirectory read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigError(dir + ": not a directory; expected a results directory written by bootstrap run "
                    + "(<output-dir>/<name>/ with curves.csv and summary.json)");
        }
        Path curvesFile = dir.resolve(CurvesCsv.FILE_NAME);
        Path summaryFile = dir.resolve(SummaryJson.FILE_NAME);
        if (!Files.isRegularFile(curvesFile) && !Files.isRegularFile(summaryFile)) {
            String what = Files.isRegularFile(dir.resolve(CONFIG))
                    ? "only config.conf: no run of this experiment has finished yet"
                    : "no result files";
            throw new ConfigError(dir + ": " + what + "; expected " + CurvesCsv.FILE_NAME + " and "
                    + SummaryJson.FILE_NAME + " as written by bootstrap run after each finished run");
        }
        Optional<JsonNode> summary = json(summaryFile);
        CurveSet curves = Files.isRegularFile(curvesFile) ? CurveSet.of(CsvTable.read(curvesFile))
                : new CurveSet(List.of(), List.of());
        Optional<String> config = Files.isRegularFile(dir.resolve(CONFIG))
                ? Optional.of(Files.readString(dir.resolve(CONFIG), StandardCharsets.UTF_8)) : Optional.empty();
        Optional<CsvTable> decomposition = Files.isRegularFile(dir.resolve(DECOMPOSITION))
                ? Optional.of(CsvTable.read(dir.resolve(DECOMPOSITION))) : Optional.empty();
        Optional<JsonNode> environment = json(dir.resolve(EnvironmentFile.FILE_NAME));
        String name = summary.map(s -> s.path("experiment").asText(""))
                .filter(s -> !s.isEmpty()).orElse(dir.toAbsolutePath().normalize().getFileName().toString());
        List<String> files = new ArrayList<>();
        FileTime newest = FileTime.fromMillis(0);
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.sorted().toList()) {
                String file = p.getFileName().toString();
                if (Files.isRegularFile(p) && !file.startsWith(".")
                        && file.matches(".*\\.(csv|json|png|conf)")) {
                    files.add(file);
                    FileTime t = Files.getLastModifiedTime(p);
                    newest = t.compareTo(newest) > 0 ? t : newest;
                }
            }
        }
        return new ResultDirectory(dir, name, config, curves, summary, decomposition, environment,
                List.copyOf(files), newest);
    }

    private static Optional<JsonNode> json(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readTree(file.toFile()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigError(file + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "); is the file truncated?");
        }
    }
}
