package io.capacitybroker.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The stand-in's control surface ({@code /_standin/...}) over HTTP, for {@code @QuarkusTest}s
 * that use {@link StripeStandInTestResource}: counts, events, deliveries, declines, faults.
 */
public final class StripeStandInClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private StripeStandInClient() {}

    public static String baseUrl() {
        String url = System.getProperty(StripeStandInTestResource.PROP_API_BASE);
        if (url == null) throw new IllegalStateException("StripeStandInTestResource is not started in this JVM");
        return url;
    }

    public static String webhookSecret() {
        return System.getProperty(StripeStandInTestResource.PROP_WEBHOOK_SECRET);
    }

    /** Objects created at the stand-in of one Stripe type ({@code customer}, {@code invoice}, ...). */
    public static int created(String objectType) {
        return call("GET", "/_standin/stats", null).path("created").path(objectType).asInt(0);
    }

    /** API requests received for an endpoint, e.g. {@code "POST /v1/invoices/:id/finalize"}. */
    public static int requests(String endpoint) {
        return call("GET", "/_standin/stats", null).path("requests").path(endpoint).asInt(0);
    }

    /** Applies an event (e.g. {@code invoice.paid}) to its object; returns the event id. */
    public static String createEvent(String type, String objectId) {
        return call("POST", "/_standin/events", JSON.createObjectNode().put("type", type).put("object", objectId))
                .get("id").asText();
    }

    /** The event's JSON exactly as a delivery sends it (to sign it in a test). */
    public static String eventJson(String eventId) {
        return call("GET", "/_standin/events/" + eventId, null).toString();
    }

    /** Delivers the event, signed, to {@code url}; returns the status the endpoint answered. */
    public static int deliver(String eventId, String url) {
        return call("POST", "/_standin/events/" + eventId + "/deliver", JSON.createObjectNode().put("url", url))
                .get("status").asInt();
    }

    /** As {@link #deliver(String, String)}, signed with the given Unix time (the broker's test clock, or a stale one). */
    public static int deliver(String eventId, String url, long timestamp) {
        return call("POST", "/_standin/events/" + eventId + "/deliver",
                JSON.createObjectNode().put("url", url).put("timestamp", timestamp)).get("status").asInt();
    }

    public static void declinePaymentsOf(String customerId) {
        call("POST", "/_standin/customers/" + customerId + "/decline-payments", null);
    }

    public static void failNext(int count, int status, boolean afterExecuting) {
        call("POST", "/_standin/faults", JSON.createObjectNode().put("count", count).put("status", status)
                .put("afterExecuting", afterExecuting));
    }

    /** The API request after {@code skip} others takes effect, then its answer is lost (a 500): a crash mid-call. */
    public static void loseAnswerAfter(int skip) {
        call("POST", "/_standin/faults", JSON.createObjectNode().put("count", 1).put("status", 500)
                .put("afterExecuting", true).put("skip", skip));
    }

    private static JsonNode call(String method, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
