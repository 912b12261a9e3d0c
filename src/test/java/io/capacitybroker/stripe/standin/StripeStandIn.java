package io.capacitybroker.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local stand-in for the Stripe API, on a free loopback port, for tests and the run command
 * (ADR 0008). It speaks Stripe's wire format for exactly the endpoints the broker's gateway uses:
 *
 * <pre>
 *   POST /v1/customers                  GET /v1/customers/{id}
 *   POST /v1/invoices                   GET /v1/invoices/{id}
 *   POST /v1/invoices/{id}/finalize     POST /v1/invoices/{id}/pay
 *   POST /v1/invoiceitems               GET /v1/invoiceitems/{id}
 *   POST /v1/transfers                  GET /v1/transfers/{id}
 *   GET  /v1/events/{id}
 * </pre>
 *
 * Form-encoded parameters (unknown ones refused), Stripe's error shape and statuses, bearer
 * authentication with the one {@code sk_test_} key it was given, and idempotency: a POST with an
 * {@code Idempotency-Key} seen before (within Stripe's 24 hours) is answered with the first
 * response and {@code Idempotent-Replayed: true} when its endpoint and parameters are the same,
 * and with 400 {@code idempotency_error} when they are not.
 *
 * <p>Beside the API, a control surface for tests and demos (no authentication; loopback only):
 * <pre>
 *   GET  /_standin/stats                        requests per endpoint, replays, objects created
 *   POST /_standin/events        {"type","object"}     apply and record an event (invoice.paid, ...)
 *   GET  /_standin/events/{id}                  the event as it would be delivered
 *   POST /_standin/events/{id}/deliver {"url"?,"timestamp"?}  send it, signed, to the webhook URL
 *   POST /_standin/customers/{id}/decline-payments    further charges of this customer are declined
 *   POST /_standin/faults        {"count","status","afterExecuting","skip"}  the next API requests fail
 * </pre>
 * The same operations are methods here, for tests in the same class loader.
 */
public final class StripeStandIn implements AutoCloseable {
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID_SEGMENT = Pattern.compile("/(cus|in|ii|tr|evt)_[A-Za-z0-9]+");

    private final String apiKey;
    private final String webhookSecret;
    private final Clock clock;
    private final StripeAccount account;
    private final Map<String, Saved> idempotent = new HashMap<>();
    private final Map<String, Integer> requests = new TreeMap<>();
    private final Map<String, Integer> replays = new TreeMap<>();
    private final HttpClient webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpServer server;
    private String defaultWebhookUrl;
    private Fault fault;

    private record Saved(String endpoint, String params, int status, String body, Instant at) {}

    /** {@code skip} requests pass untouched first, so a test can break the n-th call of a sequence. */
    private record Fault(int remaining, int status, boolean afterExecuting, int skip) {}

    private StripeStandIn(String apiKey, String webhookSecret, Clock clock, int port) throws IOException {
        if (!apiKey.startsWith("sk_test_")) {
            throw new IllegalArgumentException("the stand-in is test mode only: its key must start with sk_test_");
        }
        this.apiKey = apiKey;
        this.webhookSecret = webhookSecret;
        this.clock = clock;
        this.account = new StripeAccount(clock);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "stripe-standin");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** A stand-in on a free loopback port with a fresh key and webhook secret. */
    public static StripeStandIn start() {
        return start("sk_test_standin_" + StripeAccount.randomId(24), "whsec_standin_" + StripeAccount.randomId(32),
                Clock.systemUTC(), 0);
    }

    public static StripeStandIn start(String apiKey, String webhookSecret, Clock clock, int port) {
        try {
            return new StripeStandIn(apiKey, webhookSecret, clock, port);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Stripe stand-in on 127.0.0.1:" + port, e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String apiKey() {
        return apiKey;
    }

    public String webhookSecret() {
        return webhookSecret;
    }

    /** Where {@link #deliver} sends events when no URL is given. */
    public synchronized void setWebhookUrl(String url) {
        this.defaultWebhookUrl = url;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    // --- control ---------------------------------------------------------------------------------

    /** API requests received per endpoint ({@code "POST /v1/invoices/:id/finalize"}), replays included. */
    public synchronized Map<String, Integer> requestCounts() {
        return Map.copyOf(requests);
    }

    /** Requests answered from the idempotency store, per endpoint. */
    public synchronized Map<String, Integer> replayCounts() {
        return Map.copyOf(replays);
    }

    /** Objects that exist because of a request, per Stripe object type ({@code customer}, {@code invoice}, ...). */
    public synchronized int created(String objectType) {
        return account.createdCounts().getOrDefault(objectType, 0);
    }

    public synchronized void declinePaymentsOf(String customerId) {
        account.declinePaymentsOf(customerId);
    }

    /**
     * The next {@code count} API requests fail with {@code status} ({@code api_error}). With
     * {@code afterExecuting} the request takes effect first and only its answer is lost, as when a
     * connection drops after Stripe committed: the idempotent result is saved all the same.
     */
    public synchronized void failNext(int count, int status, boolean afterExecuting) {
        failAfter(0, count, status, afterExecuting);
    }

    /** As {@link #failNext}, after {@code skip} API requests that pass untouched. */
    public synchronized void failAfter(int skip, int count, int status, boolean afterExecuting) {
        fault = new Fault(count, status, afterExecuting, skip);
    }

    /** Applies an event to its object (e.g. marks the invoice paid) and returns the event as JSON. */
    public synchronized String createEvent(String type, String objectId) {
        return account.createEvent(type, objectId).toString();
    }

    /** Sends a recorded event, signed now, to {@code url} (or the default webhook URL); returns the HTTP status. */
    public int deliver(String eventId, String url) {
        return deliver(eventId, url, clock.instant().getEpochSecond());
    }

    /** As {@link #deliver(String, String)}, signed with the given Unix timestamp (for stale-signature tests). */
    public int deliver(String eventId, String url, long timestamp) {
        String payload;
        String target;
        synchronized (this) {
            payload = account.get("evt_", eventId, "event").toString();
            target = url != null ? url : defaultWebhookUrl;
        }
        if (target == null) {
            throw new IllegalStateException("no webhook URL: pass one or start the stand-in with one");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(target))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .header("Stripe-Signature", signatureHeader(payload, timestamp, webhookSecret))
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        try {
            return webhookClient.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("could not deliver " + eventId + " to " + target + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering " + eventId, e);
        }
    }

    /** {@code t=<timestamp>,v1=<hex HMAC-SHA256 of "timestamp.payload" keyed with the secret>}, as Stripe signs. */
    public static String signatureHeader(String payload, long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- HTTP ------------------------------------------------------------------------------------

    private record Reply(int status, String body, Map<String, String> headers) {}

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            reply = path.startsWith("/_standin/") ? control(exchange.getRequestMethod(), path, body)
                    : api(exchange, path, body);
        } catch (ApiError e) {
            reply = new Reply(e.status, e.body().toString(), Map.of());
        } catch (RuntimeException e) {
            reply = new Reply(500, new ApiError(500, "api_error", null, "Stand-in failure: " + e, null).body().toString(),
                    Map.of());
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_" + StripeAccount.randomId(14));
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private synchronized Reply api(HttpExchange exchange, String path, String body) {
        String method = exchange.getRequestMethod();
        String endpoint = method + " " + ID_SEGMENT.matcher(path).replaceAll("/:id");
        requests.merge(endpoint, 1, Integer::sum);
        authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        String version = exchange.getRequestHeaders().getFirst("Stripe-Version");
        if (version != null) {
            account.apiVersion = version;
        }
        boolean faulty = fault != null && fault.skip() == 0;
        if (fault != null && !faulty) {
            fault = new Fault(fault.remaining(), fault.status(), fault.afterExecuting(), fault.skip() - 1);
        }
        if (faulty && !fault.afterExecuting()) {
            return injectedFault();
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (!"POST".equals(method) || key == null) {
            return afterFault(execute(method, path, FormParams.parse(body)), faulty);
        }
        FormParams params = FormParams.parse(body);
        Instant now = clock.instant();
        idempotent.values().removeIf(s -> s.at().plus(IDEMPOTENCY_WINDOW).isBefore(now));
        Saved saved = idempotent.get(key);
        if (saved != null) {
            if (!saved.endpoint().equals(method + " " + path)) {
                throw new ApiError(400, "idempotency_error", null, "Keys for idempotent requests can only be used for the "
                        + "same endpoint they were first used for ('" + saved.endpoint() + "' vs '" + method + " " + path
                        + "'). Try using a key other than '" + key + "' if you meant to execute a different request.", null);
            }
            if (!saved.params().equals(params.canonical())) {
                throw new ApiError(400, "idempotency_error", null, "Keys for idempotent requests can only be used with "
                        + "the same parameters they were first used with. Try using a key other than '" + key
                        + "' if you meant to execute a different request.", null);
            }
            replays.merge(endpoint, 1, Integer::sum);
            return afterFault(new Reply(saved.status(), saved.body(),
                    Map.of("Idempotent-Replayed", "true", "Idempotency-Key", key)), faulty);
        }
        // Validation errors (ApiError) leave no saved result, as at Stripe: the request never ran.
        Reply reply = execute(method, path, params);
        idempotent.put(key, new Saved(method + " " + path, params.canonical(), reply.status(), reply.body(), now));
        return afterFault(new Reply(reply.status(), reply.body(), Map.of("Idempotency-Key", key)), faulty);
    }

    private void authenticate(String authorization) {
        String key = null;
        if (authorization != null && authorization.startsWith("Bearer ")) {
            key = authorization.substring("Bearer ".length()).trim();
        } else if (authorization != null && authorization.startsWith("Basic ")) {
            String userPass = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            key = userPass.contains(":") ? userPass.substring(0, userPass.indexOf(':')) : userPass;
        }
        if (key == null || key.isEmpty()) {
            throw new ApiError(401, "invalid_request_error", null, "You did not provide an API key. You need to provide "
                    + "your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').", null);
        }
        if (!key.equals(apiKey)) {
            String tail = key.length() > 4 ? key.substring(key.length() - 4) : key;
            throw new ApiError(401, "invalid_request_error", null, "Invalid API Key provided: sk_test_****" + tail, null);
        }
    }

    private Reply injectedFault() {
        int status = fault.status();
        fault = fault.remaining() > 1 ? new Fault(fault.remaining() - 1, status, fault.afterExecuting(), 0) : null;
        ApiError error = new ApiError(status, "api_error", null,
                "An unknown error occurred (injected by the stand-in, status " + status + ").", null);
        return new Reply(status, error.body().toString(), Map.of());
    }

    private Reply afterFault(Reply reply, boolean faulty) {
        return faulty && fault.afterExecuting() ? injectedFault() : reply;
    }

    private Reply execute(String method, String path, FormParams params) {
        String[] p = path.substring(1).split("/");
        if (p.length < 2 || !p[0].equals("v1")) {
            throw new ApiError(404, "invalid_request_error", null, "Unrecognized request URL (" + method + ": " + path + ").", null);
        }
        String resource = p[1];
        if ("GET".equals(method) && p.length == 3) {
            String prefix = switch (resource) {
                case "customers" -> "cus_";
                case "invoices" -> "in_";
                case "invoiceitems" -> "ii_";
                case "transfers" -> "tr_";
                case "events" -> "evt_";
                default -> throw unrecognized(method, path);
            };
            return ok(account.get(prefix, p[2], resource.substring(0, resource.length() - 1)));
        }
        if (!"POST".equals(method)) {
            throw unrecognized(method, path);
        }
        if (p.length == 2) {
            return ok(switch (resource) {
                case "customers" -> account.createCustomer(params);
                case "invoices" -> account.createInvoice(params);
                case "invoiceitems" -> account.createInvoiceItem(params);
                case "transfers" -> account.createTransfer(params);
                default -> throw unrecognized(method, path);
            });
        }
        if (p.length == 4 && resource.equals("invoices") && p[3].equals("finalize")) {
            return ok(account.finalizeInvoice(p[2], params));
        }
        if (p.length == 4 && resource.equals("invoices") && p[3].equals("pay")) {
            StripeAccount.Result result = account.payInvoice(p[2], params);
            return new Reply(result.status(), result.body().toString(), Map.of());
        }
        throw unrecognized(method, path);
    }

    private static ApiError unrecognized(String method, String path) {
        return new ApiError(404, "invalid_request_error", null, "Unrecognized request URL (" + method + ": " + path
                + "). The stand-in serves only the endpoints the broker uses (ADR 0008).", null);
    }

    private static Reply ok(JsonNode body) {
        return new Reply(200, body.toString(), Map.of());
    }

    private static final Pattern DELIVER = Pattern.compile("/_standin/events/(evt_[A-Za-z0-9]+)/deliver");
    private static final Pattern EVENT = Pattern.compile("/_standin/events/(evt_[A-Za-z0-9]+)");
    private static final Pattern DECLINE = Pattern.compile("/_standin/customers/(cus_[A-Za-z0-9]+)/decline-payments");

    private Reply control(String method, String path, String body) {
        JsonNode in = readJson(body);
        if ("GET".equals(method) && path.equals("/_standin/stats")) {
            ObjectNode stats = JSON.createObjectNode();
            synchronized (this) {
                stats.set("requests", JSON.valueToTree(requests));
                stats.set("replays", JSON.valueToTree(replays));
                stats.set("created", JSON.valueToTree(new TreeMap<>(account.createdCounts())));
            }
            return ok(stats);
        }
        Matcher event = EVENT.matcher(path);
        if ("GET".equals(method) && event.matches()) {
            synchronized (this) {
                return ok(account.get("evt_", event.group(1), "event"));
            }
        }
        if (!"POST".equals(method)) {
            throw unrecognized(method, path);
        }
        if (path.equals("/_standin/events")) {
            return new Reply(200, createEvent(in.path("type").asText(), in.path("object").asText()), Map.of());
        }
        if (path.equals("/_standin/faults")) {
            failAfter(in.path("skip").asInt(0), in.path("count").asInt(1), in.path("status").asInt(500),
                    in.path("afterExecuting").asBoolean(false));
            return ok(JSON.createObjectNode());
        }
        Matcher deliver = DELIVER.matcher(path);
        if (deliver.matches()) {
            String url = in.hasNonNull("url") ? in.get("url").asText() : null;
            int status = in.hasNonNull("timestamp") ? deliver(deliver.group(1), url, in.get("timestamp").asLong())
                    : deliver(deliver.group(1), url);
            return ok(JSON.createObjectNode().put("status", status));
        }
        Matcher decline = DECLINE.matcher(path);
        if (decline.matches()) {
            declinePaymentsOf(decline.group(1));
            return ok(JSON.createObjectNode());
        }
        throw unrecognized(method, path);
    }

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) return JSON.createObjectNode();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw ApiError.invalid(null, "control requests take a JSON body: " + e.getMessage(), null);
        }
    }
}
