package io.deepbootstrap.app.report;

import io.deepbootstrap.core.config.ConfigError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file as written by the result writers (RFC 4180: a header line, comma-separated fields,
 * fields with commas, quotes or line breaks quoted, quotes doubled), read without knowing its columns.
 *
 * @param file where it was read from (for messages)
 * @param header the column names
 * @param rows the records, each as long as the header
 */
public record CsvTable(Path file, List<String> header, List<List<String>> rows) {

    /**
     * @param file a CSV file
     * @return its content
     * @throws ConfigError naming the file and line if it is empty, has an unterminated quote or a
     *     record whose field count differs from the header's
     * @throws IOException if it cannot be read
     */
    public static CsvTable read(Path file) throws IOException {
        return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * @param file the file name used in messages
     * @param text the CSV text
     * @return its content
     * @throws ConfigError as {@link #read}
     */
    public static CsvTable parse(Path file, String text) {
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
                    record.add(field.toString());
                    records.add(record);
                    lines.add(recordLine);
                }
                record = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new ConfigError(file + ":" + recordLine + ": unterminated quoted field (is the file truncated?)");
        }
        if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
            lines.add(recordLine);
        }
        if (records.isEmpty()) {
            throw new ConfigError(file + ": empty; expected a header line of column names");
        }
        List<String> header = records.get(0);
        for (int r = 1; r < records.size(); r++) {
            if (records.get(r).size() != header.size()) {
                throw new ConfigError(file + ":" + lines.get(r) + ": " + records.get(r).size() + " fields, expected "
                        + header.size() + " as in the header");
            }
        }
        return new CsvTable(file, List.copyOf(header), List.copyOf(records.subList(1, records.size())));
    }

    /** @return column name to index */
    public Map<String, Integer> columns() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i), i);
        }
        return index;
    }
}
