package io.deepbootstrap.app.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns: a header, a rule of dashes, then the rows. Columns are
 * separated by two spaces; each is left- or right-aligned; trailing spaces are trimmed.
 */
public final class TextTable {

    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param header the column's header
     * @param right whether its cells are right-aligned (numbers) rather than left-aligned (text)
     * @return this table
     */
    public TextTable column(String header, boolean right) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("add all columns before the first row");
        }
        headers.add(header);
        rightAligned.add(right);
        return this;
    }

    /**
     * @param cells one cell per column
     * @return this table
     */
    public TextTable row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, the table "
                    + headers.size() + " columns: " + cells);
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** @return the table, every line ending with {@code \n} */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        line(out, headers.stream().map(h -> "").toList(), widths, '-');
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        line(out, cells, widths, ' ');
    }

    private void line(StringBuilder out, List<String> cells, int[] widths, char fill) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            String cell = cells.get(c);
            String pad = String.valueOf(fill).repeat(widths[c] - cell.length());
            line.append(rightAligned.get(c) ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
