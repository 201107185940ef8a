package dev.pylearn.worker.evaluation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A Python value as the judge sees it, outside the learner's process: read either from a test's
 * expectation (a Python literal written in the challenge file) or from the harness's report (tagged
 * JSON), compared here with Python's {@code ==} rules for data (numbers by value, so {@code 5 == 5.0},
 * floats within a relative 1e-9; lists, tuples, sets and dicts by content; {@code bool} apart from
 * {@code int}), and shown back as Python writes it. Objects of other types are never equal to
 * anything: whatever their {@code __eq__} says was never asked.
 *
 * <p>Hand-written because no library reads Python literals in Java, and the grammar needed (None,
 * booleans, numbers, strings, lists, tuples, dicts, sets) is small.
 */
public record PyValue(Kind kind, String text, List<PyValue> items) {

    public enum Kind { NONE, BOOL, INT, FLOAT, STR, LIST, TUPLE, SET, DICT, OBJECT }

    static final double TOLERANCE = 1e-9;

    public PyValue {
        items = items == null ? List.of() : List.copyOf(items);
    }

    static PyValue of(Kind kind, String text) {
        return new PyValue(kind, text, List.of());
    }

    static PyValue of(Kind kind, List<PyValue> items) {
        return new PyValue(kind, null, items);
    }

    // --- the harness's report --------------------------------------------------------------------

    /** Reads a value serialized by harness.py; throws IllegalArgumentException if it is not one. */
    public static PyValue fromReport(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("no value");
        }
        if (node.isNull()) {
            return of(Kind.NONE, "None");
        }
        if (node.isBoolean()) {
            return of(Kind.BOOL, node.booleanValue() ? "True" : "False");
        }
        if (node.isString()) {
            return of(Kind.STR, node.stringValue());
        }
        if (node.isArray()) {
            return of(Kind.LIST, children(node));
        }
        if (node.isObject() && node.size() == 1) {
            String tag = node.propertyNames().iterator().next();
            JsonNode inner = node.get(tag);
            switch (tag) {
                case "int" -> {
                    new BigInteger(inner.stringValue());
                    return of(Kind.INT, inner.stringValue());
                }
                case "float" -> {
                    return of(Kind.FLOAT, inner.stringValue());
                }
                case "tuple" -> {
                    return of(Kind.TUPLE, children(inner));
                }
                case "set" -> {
                    return of(Kind.SET, children(inner));
                }
                case "dict" -> {
                    List<PyValue> pairs = new ArrayList<>();
                    for (JsonNode pair : inner) {
                        if (!pair.isArray() || pair.size() != 2) {
                            throw new IllegalArgumentException("a dict item is not a pair");
                        }
                        pairs.add(fromReport(pair.get(0)));
                        pairs.add(fromReport(pair.get(1)));
                    }
                    return of(Kind.DICT, pairs);
                }
                case "object" -> {
                    return of(Kind.OBJECT, inner.stringValue());
                }
                default -> throw new IllegalArgumentException("unknown tag " + tag);
            }
        }
        throw new IllegalArgumentException("not a serialized value");
    }

    private static List<PyValue> children(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("not a list");
        }
        List<PyValue> result = new ArrayList<>();
        for (JsonNode child : array) {
            result.add(fromReport(child));
        }
        return result;
    }

    // --- comparison --------------------------------------------------------------------------------

    /** Python's {@code ==} on data; objects of other types are equal to nothing. */
    public boolean matches(PyValue other) {
        if (isNumber() && other.isNumber()) {
            if (kind == Kind.INT && other.kind == Kind.INT) {
                return new BigInteger(text).equals(new BigInteger(other.text));
            }
            double a = toDouble();
            double b = other.toDouble();
            if (Double.isNaN(a) || Double.isNaN(b)) {
                return false;
            }
            if (Double.isInfinite(a) || Double.isInfinite(b)) {
                return a == b;
            }
            return Math.abs(a - b) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
        }
        if (kind != other.kind) {
            return false;
        }
        return switch (kind) {
            case NONE -> true;
            case BOOL, STR -> text.equals(other.text);
            case LIST, TUPLE -> {
                if (items.size() != other.items.size()) {
                    yield false;
                }
                for (int i = 0; i < items.size(); i++) {
                    if (!items.get(i).matches(other.items.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case SET -> containsAll(items, other.items) && containsAll(other.items, items);
            case DICT -> dictContains(this, other) && dictContains(other, this);
            default -> false;
        };
    }

    private boolean isNumber() {
        return kind == Kind.INT || kind == Kind.FLOAT;
    }

    private double toDouble() {
        if (kind == Kind.INT) {
            return new BigDecimal(new BigInteger(text)).doubleValue();
        }
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static boolean containsAll(List<PyValue> all, List<PyValue> some) {
        for (PyValue wanted : some) {
            if (all.stream().noneMatch(wanted::matches)) {
                return false;
            }
        }
        return true;
    }

    private static boolean dictContains(PyValue big, PyValue small) {
        for (int i = 0; i < small.items.size(); i += 2) {
            PyValue key = small.items.get(i);
            PyValue value = small.items.get(i + 1);
            boolean found = false;
            for (int j = 0; j < big.items.size(); j += 2) {
                if (big.items.get(j).matches(key)) {
                    found = big.items.get(j + 1).matches(value);
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    // --- shown as Python shows it ------------------------------------------------------------------

    /** As {@code repr()} would show it; objects as {@code <Vector object>}. */
    public String repr() {
        return switch (kind) {
            case NONE, BOOL, INT, FLOAT -> text;
            case STR -> reprString(text);
            case LIST -> "[" + joined(items) + "]";
            case TUPLE -> "(" + joined(items) + (items.size() == 1 ? ",)" : ")");
            case SET -> items.isEmpty() ? "set()" : "{" + joined(items) + "}";
            case DICT -> {
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < items.size(); i += 2) {
                    parts.add(items.get(i).repr() + ": " + items.get(i + 1).repr());
                }
                yield "{" + String.join(", ", parts) + "}";
            }
            case OBJECT -> "<" + text + " object>";
        };
    }

    private static String joined(List<PyValue> values) {
        return String.join(", ", values.stream().map(PyValue::repr).toList());
    }

    static String reprString(String s) {
        char quote = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').append((char) c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(quote).toString();
    }

    // --- Python literals ---------------------------------------------------------------------------

    /** Parses a Python literal: None, True, False, numbers, strings, lists, tuples, dicts, sets, set(). */
    public static PyValue parseLiteral(String source) {
        Parser parser = new Parser(source);
        PyValue value = parser.value();
        parser.skipSpace();
        if (parser.pos != source.length()) {
            throw new IllegalArgumentException("unexpected text after the value at " + parser.pos + " in: " + source);
        }
        return value;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean take(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at " + pos + " in: " + s);
        }

        PyValue value() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("a value is missing");
            }
            char c = s.charAt(pos);
            if (c == '[') {
                pos++;
                return of(Kind.LIST, sequence("]"));
            }
            if (c == '(') {
                pos++;
                int before = pos;
                List<PyValue> values = sequence(")");
                String inside = s.substring(before, pos - 1).strip();
                if (values.size() == 1 && !inside.endsWith(",")) {
                    return values.get(0);
                }
                return of(Kind.TUPLE, values);
            }
            if (c == '{') {
                pos++;
                return braces();
            }
            if (c == '"' || c == '\'') {
                return of(Kind.STR, string());
            }
            if (take("None")) {
                return of(Kind.NONE, "None");
            }
            if (take("True")) {
                return of(Kind.BOOL, "True");
            }
            if (take("False")) {
                return of(Kind.BOOL, "False");
            }
            if (take("set()")) {
                return of(Kind.SET, List.of());
            }
            return number();
        }

        List<PyValue> sequence(String close) {
            List<PyValue> values = new ArrayList<>();
            while (true) {
                if (take(close)) {
                    return values;
                }
                values.add(value());
                if (take(close)) {
                    return values;
                }
                if (!take(",")) {
                    throw error("',' or '" + close + "' expected");
                }
            }
        }

        PyValue braces() {
            if (take("}")) {
                return of(Kind.DICT, List.of());
            }
            PyValue first = value();
            if (take(":")) {
                List<PyValue> pairs = new ArrayList<>(List.of(first, value()));
                while (!take("}")) {
                    if (!take(",")) {
                        throw error("',' or '}' expected");
                    }
                    if (take("}")) {
                        break;
                    }
                    pairs.add(value());
                    if (!take(":")) {
                        throw error("':' expected");
                    }
                    pairs.add(value());
                }
                return of(Kind.DICT, pairs);
            }
            List<PyValue> values = new ArrayList<>(List.of(first));
            if (!take("}")) {
                if (!take(",")) {
                    throw error("',' or '}' expected");
                }
                values.addAll(sequence("}"));
            }
            return of(Kind.SET, values);
        }

        String string() {
            char quote = s.charAt(pos++);
            StringBuilder out = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == quote) {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '0' -> out.append('\0');
                    case 'x' -> {
                        out.append((char) Integer.parseInt(s.substring(pos, pos + 2), 16));
                        pos += 2;
                    }
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    case 'U' -> {
                        out.appendCodePoint(Integer.parseInt(s.substring(pos, pos + 8), 16));
                        pos += 8;
                    }
                    case '\\', '\'', '"' -> out.append(e);
                    default -> out.append('\\').append(e);
                }
            }
            throw error("a string is not closed");
        }

        PyValue number() {
            int start = pos;
            if (pos < s.length() && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
                pos++;
            }
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                    || s.charAt(pos) == '_' || ((s.charAt(pos) == '-' || s.charAt(pos) == '+')
                    && (s.charAt(pos - 1) == 'e' || s.charAt(pos - 1) == 'E')))) {
                pos++;
            }
            String text = s.substring(start, pos).replace("_", "");
            if (text.isEmpty()) {
                throw error("a value is expected");
            }
            try {
                if (text.matches("[-+]?\\d+")) {
                    return of(Kind.INT, new BigInteger(text).toString());
                }
                if (text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    return of(Kind.FLOAT, Double.toString(Double.parseDouble(text)).equals(text) ? text
                            : text.startsWith("+") ? text.substring(1) : text);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error("'" + text + "' is not a Python literal");
        }
    }
}
