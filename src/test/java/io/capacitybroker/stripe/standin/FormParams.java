package io.capacitybroker.stripe.standin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A request's form-encoded parameters as Stripe reads them: {@code metadata[tenant_id]=acme}
 * becomes a nested map. {@link #canonical()} is the order-independent form that idempotent
 * replays are compared on.
 */
final class FormParams {
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final TreeMap<String, String> flat = new TreeMap<>();

    static FormParams parse(String body) {
        FormParams params = new FormParams();
        if (body == null || body.isBlank()) {
            return params;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.flat.merge(key, value, (a, b) -> a + "," + b);
            params.put(path(key), value);
        }
        return params;
    }

    /** Fails like Stripe does on a parameter this endpoint does not know. */
    FormParams allow(Set<String> allowed) {
        for (String name : root.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiError.invalid("parameter_unknown", "Received unknown parameter: " + name, name);
            }
        }
        return this;
    }

    String string(String name) {
        Object v = root.get(name);
        if (v instanceof Map) {
            throw ApiError.invalid("parameter_invalid_string", "Invalid string: " + name + " must be a string", name);
        }
        return v == null || ((String) v).isEmpty() ? null : (String) v;
    }

    String required(String name) {
        String v = string(name);
        if (v == null) throw ApiError.missing(name);
        return v;
    }

    Long integer(String name) {
        String v = string(name);
        if (v == null) return null;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiError.invalid("parameter_invalid_integer", "Invalid integer: " + v, name);
        }
    }

    Boolean bool(String name) {
        String v = string(name);
        if (v == null) return null;
        if (!v.equals("true") && !v.equals("false")) {
            throw ApiError.invalid("parameter_invalid_boolean", "Invalid boolean: " + v, name);
        }
        return Boolean.valueOf(v);
    }

    /** {@code metadata[...]}: Stripe's limits are 50 keys, keys up to 40 and values up to 500 characters. */
    Map<String, String> metadata() {
        Object v = root.get("metadata");
        if (v == null || "".equals(v)) return Map.of();
        if (!(v instanceof Map<?, ?> map)) {
            throw ApiError.invalid("parameter_invalid_empty", "Invalid hash: metadata", "metadata");
        }
        if (map.size() > 50) {
            throw ApiError.invalid(null, "Metadata can have at most 50 keys.", "metadata");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, value) -> {
            if (!(value instanceof String s)) {
                throw ApiError.invalid(null, "Invalid metadata value for " + k, "metadata[" + k + "]");
            }
            if (((String) k).length() > 40 || s.length() > 500) {
                throw ApiError.invalid(null, "Metadata keys can be at most 40 and values at most 500 characters.",
                        "metadata[" + k + "]");
            }
            out.put((String) k, s);
        });
        return out;
    }

    String canonical() {
        return flat.toString();
    }

    @SuppressWarnings("unchecked")
    private void put(List<String> path, String value) {
        Map<String, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object child = node.computeIfAbsent(path.get(i), k -> new LinkedHashMap<String, Object>());
            if (!(child instanceof Map)) {
                throw ApiError.invalid("parameter_invalid_empty", "Invalid hash: " + path.get(i), path.get(i));
            }
            node = (Map<String, Object>) child;
        }
        String last = path.get(path.size() - 1);
        if (last.isEmpty()) {
            last = Integer.toString(node.size()); // a[]=x: the next index
        }
        node.put(last, value);
    }

    /** {@code a[b][c]} to [a, b, c]. */
    private static List<String> path(String key) {
        List<String> parts = new ArrayList<>();
        int open = key.indexOf('[');
        if (open < 0) return List.of(key);
        parts.add(key.substring(0, open));
        while (open >= 0) {
            int close = key.indexOf(']', open);
            if (close < 0) throw ApiError.invalid(null, "Invalid parameter name: " + key, key);
            parts.add(key.substring(open + 1, close));
            open = key.indexOf('[', close);
        }
        return parts;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
