package io.deepbootstrap.app.report;

/**
 * Escaping for text that came from a configuration, a plugin or a result file and goes into the HTML
 * report: as element text or attribute value ({@link #text}), or inside an inline {@code <script>}
 * element holding JSON ({@link #scriptJson}).
 */
public final class Html {

    private Html() {
    }

    /**
     * @param value any text, may be null
     * @return the text with {@code & < > " '} replaced by character references, safe as element content
     *     and as a quoted attribute value; the empty string for null
     */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Makes JSON text safe inside an inline {@code <script>} element: {@code <}, {@code >} and {@code &}
     * become JSON unicode escapes, so neither {@code </script>} nor {@code <!--} can end or change the
     * element, and U+2028/U+2029 are escaped for older JavaScript parsers. These characters can only
     * occur inside JSON strings, where the escapes denote the same characters, so the JSON value is
     * unchanged.
     *
     * @param json JSON text
     * @return the same JSON value, safe to put between {@code <script type="application/json">} tags
     */
    public static String scriptJson(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
