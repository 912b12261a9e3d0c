package io.capacitybroker.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.util.Map;

/** A small blocking HTTP/1.1 client for the broker on loopback; JSON in, JSON out. */
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

    private final String base;
    private final HttpClient http;

    BrokerClient(String base) {
        if (!base.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("the load driver only talks to 127.0.0.1, not " + base);
        }
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
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

    private Reply send(String method, String path, String token, Object body, Map<String, String> headers) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body instanceof String s ? s.getBytes() : JSON.writeValueAsBytes(body));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                    .method(method, publisher);
            if (token != null) request.header("Authorization", "Bearer " + token);
            if (body != null) request.header("Content-Type", "application/json");
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
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
