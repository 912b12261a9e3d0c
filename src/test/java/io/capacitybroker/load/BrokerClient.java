package io.capacitybroker.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A small blocking HTTP/1.1 client for the broker on loopback; JSON in, JSON out. Every thread
 * keeps its own connection ({@link Http11Connection}). Requests that fail on a connection the broker
 * has closed are sent once more on a new one: quotes are harmless to repeat, bookings carry an
 * Idempotency-Key, and publishes a sequence.
 */
final class BrokerClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        Reply expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + ": expected " + expected + ", got " + status + ": " + body);
            }
            return this;
        }
    }

    private final String host;
    private final int port;
    /** One keep-alive connection per client thread, as each of pgbench's clients has its own. */
    private final ThreadLocal<Http11Connection> connection = new ThreadLocal<>();

    BrokerClient(String base) {
        if (!base.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("the load driver only talks to 127.0.0.1, not " + base);
        }
        URI uri = URI.create(base);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    Reply post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    Reply post(String path, String token, Object body, Map<String, String> headers) {
        return send("POST", path, token, body, headers);
    }

    Reply put(String path, String token, Object body) {
        return send("PUT", path, token, body, Map.of());
    }

    Reply delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    private Reply send(String method, String path, String token, Object body, Map<String, String> extraHeaders) {
        try {
            byte[] bytes = body == null ? null
                    : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
            Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
            if (token != null) headers.put("Authorization", "Bearer " + token);
            if (body != null) headers.put("Content-Type", "application/json");
            Http11Connection.Answer answer;
            try {
                answer = connection().exchange(method, path, headers, bytes);
            } catch (IOException stale) {
                // A keep-alive connection the broker closed meanwhile: one retry on a fresh one.
                closeConnection();
                answer = connection().exchange(method, path, headers, bytes);
            }
            if (!answer.keepAlive()) closeConnection();
            return new Reply(answer.status(), answer.body());
        } catch (IOException e) {
            closeConnection();
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    private Http11Connection connection() throws IOException {
        Http11Connection open = connection.get();
        if (open == null) {
            open = new Http11Connection(host, port, (int) TIMEOUT.toMillis());
            connection.set(open);
        }
        return open;
    }

    private void closeConnection() {
        Http11Connection open = connection.get();
        connection.remove();
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing left to do
            }
        }
    }

    /** Waits (bounded) until the broker reports ready. */
    void awaitReady(Duration limit) {
        String[] last = {"no answer"};
        try {
            Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(500)).until(() -> {
                try {
                    Reply reply = get("/q/health/ready", null);
                    last[0] = reply.status() + " " + reply.body();
                    return reply.status() == 200;
                } catch (UncheckedIOException e) {
                    last[0] = e.getMessage();
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("broker not ready within " + limit + ": " + last[0], e);
        }
    }
}
