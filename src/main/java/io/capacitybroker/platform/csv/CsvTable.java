package io.capacitybroker.platform.csv;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * An RFC 4180 table: a header row, then one row per record; fields separated by commas, quoted
 * with double quotes only when they hold a comma, a quote or a line break, every row ended by CRLF.
 * The finance exports share it so that they quote alike and a spreadsheet or an import reads them alike.
 */
public final class CsvTable {
    private static final String CRLF = "\r\n";

    private final List<String> columns;
    private final StringBuilder out = new StringBuilder();

    private CsvTable(List<String> columns) {
        this.columns = List.copyOf(columns);
        append(this.columns);
    }

    public static CsvTable withColumns(List<String> columns) {
        return new CsvTable(columns);
    }

    /**
     * Adds a row of exactly one field per column: {@code null} is an empty field, a decimal is
     * written plain (never in exponent notation), anything else as its string.
     */
    public CsvTable row(Object... fields) {
        if (fields.length != columns.size()) {
            throw new IllegalArgumentException("a row has " + columns.size() + " fields, not " + fields.length);
        }
        append(Arrays.stream(fields).map(CsvTable::text).toList());
        return this;
    }

    private void append(List<String> fields) {
        out.append(String.join(",", fields.stream().map(CsvTable::quoted).toList())).append(CRLF);
    }

    private static String text(Object field) {
        if (field == null) return "";
        if (field instanceof BigDecimal decimal) return decimal.toPlainString();
        return field.toString();
    }

    static String quoted(String field) {
        boolean needsQuotes = field.contains(",") || field.contains("\"") || field.contains("\r") || field.contains("\n");
        return needsQuotes ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
