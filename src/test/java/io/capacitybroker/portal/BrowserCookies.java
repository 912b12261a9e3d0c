package io.capacitybroker.portal;

import java.net.CookieHandler;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Cookies per host, the way a browser keeps them for http://localhost: the JDK's CookieManager
 * drops cookies marked Secure on plain http, while browsers (and so Keycloak) treat localhost as
 * a secure context. Paths and expiry dates are not modelled; Max-Age=0 deletes, as logout needs.
 */
final class BrowserCookies extends CookieHandler {
    private final Map<String, Map<String, String>> byHost = new ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        Map<String, String> cookies = byHost.getOrDefault(uri.getHost(), Map.of());
        if (cookies.isEmpty()) return Map.of();
        return Map.of("Cookie", List.of(cookies.entrySet().stream()
                .map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "))));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) {
        Map<String, String> cookies = byHost.computeIfAbsent(uri.getHost(), h -> new ConcurrentHashMap<>());
        responseHeaders.forEach((name, values) -> {
            if (!"set-cookie".equalsIgnoreCase(name)) return;
            for (String header : values) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq <= 0) continue;
                String key = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                boolean expired = header.toLowerCase().contains("max-age=0") || value.isEmpty();
                if (expired) cookies.remove(key);
                else cookies.put(key, value);
            }
        });
    }
}
