package io.deepbootstrap.data.array;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parser for the Python literals NPY headers use: dicts, tuples, lists, strings, ints, booleans. */
final class PythonLiteral {
    private final String s;
    private int p;

    PythonLiteral(String s) {
        this.s = s;
    }

    Object parseTop() {
        Object v = value();
        skip();
        if (p != s.length()) {
            throw new IllegalArgumentException("unexpected '" + s.charAt(p) + "' at character " + p);
        }
        return v;
    }

    private void skip() {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
    }

    private Object value() {
        skip();
        if (p >= s.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        char c = s.charAt(p);
        switch (c) {
            case '{':
                return dict();
            case '(':
                return sequence(')');
            case '[':
                return sequence(']');
            case '\'':
            case '"':
                return string();
            default:
                if (c == '-' || Character.isDigit(c)) {
                    return integer();
                }
                if (s.startsWith("True", p)) {
                    p += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("False", p)) {
                    p += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("None", p)) {
                    p += 4;
                    return "None";
                }
                throw new IllegalArgumentException("unexpected '" + c + "' at character " + p);
        }
    }

    private Map<String, Object> dict() {
        p++;
        Map<String, Object> m = new LinkedHashMap<>();
        while (true) {
            skip();
            if (p < s.length() && s.charAt(p) == '}') {
                p++;
                return m;
            }
            Object key = value();
            if (!(key instanceof String k)) {
                throw new IllegalArgumentException("dict key is not a string at character " + p);
            }
            skip();
            expect(':');
            m.put(k, value());
            skip();
            if (p < s.length() && s.charAt(p) == ',') {
                p++;
            } else {
                skip();
                expect('}');
                return m;
            }
        }
    }

    private List<Object> sequence(char close) {
        p++;
        List<Object> list = new ArrayList<>();
        while (true) {
            skip();
            if (p < s.length() && s.charAt(p) == close) {
                p++;
                return list;
            }
            list.add(value());
            skip();
            if (p < s.length() && s.charAt(p) == ',') {
                p++;
            } else {
                expect(close);
                return list;
            }
        }
    }

    private String string() {
        char q = s.charAt(p++);
        int end = s.indexOf(q, p);
        if (end < 0) {
            throw new IllegalArgumentException("unterminated string");
        }
        String v = s.substring(p, end);
        p = end + 1;
        return v;
    }

    private Long integer() {
        int start = p;
        if (s.charAt(p) == '-') {
            p++;
        }
        while (p < s.length() && Character.isDigit(s.charAt(p))) {
            p++;
        }
        if (p < s.length() && (s.charAt(p) == 'L' || s.charAt(p) == 'l')) {
            p++; // Python 2 long suffix
            return Long.parseLong(s.substring(start, p - 1));
        }
        try {
            return Long.parseLong(s.substring(start, p));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad integer '" + s.substring(start, p) + "'");
        }
    }

    private void expect(char c) {
        if (p >= s.length() || s.charAt(p) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at character " + p);
        }
        p++;
    }
}
