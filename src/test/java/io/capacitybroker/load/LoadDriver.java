package io.capacitybroker.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.capacitybroker.load.BrokerClient.Reply;
import io.capacitybroker.testsupport.TokenTestResource;
import io.capacitybroker.testsupport.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the load benchmarks of docs/performance.md against a broker that
 * {@code src/test/load/run-load.sh} started on loopback. Not a test: it has a {@code main} and
 * never runs in {@code ./mvnw verify}.
 *
 * <pre>
 *   LoadDriver keys DIR                 new RSA key pair: DIR/private-key.b64 (PKCS#8), DIR/public-key.b64 (X.509)
 *   LoadDriver seed URL DIR             10,000 offers through the partner API; writes DIR/quotes.lua and DIR/me.lua for wrk
 *   LoadDriver freshness URL DIR        publish/withdraw → visible/gone in quotes, 200 + 200 probes
 *   LoadDriver booking URL DIR          64 clients book one contended market; DIR/booking.env for the SQL checks
 * </pre>
 * Every loop is bounded in count and in time; all traffic goes to 127.0.0.1.
 */
public final class LoadDriver {
    public static final String ISSUER = "https://issuer.load.capacitybroker.invalid";
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(3);

    // Freshness: 8 probers, each alone in its own country, 25 publish/withdraw cycles each.
    static final List<String> PROBE_COUNTRIES = List.of("MT", "CY", "LU", "EE", "LV", "LT", "SI", "SK");
    static final int PROBE_CYCLES = 25;
    static final Duration PROBE_WAIT_LIMIT = Duration.ofSeconds(10);
    static final long PROBE_POLL_GAP_MS = 5;

    // Booking: 64 clients, 16 offers of 400 GPUs at one site in Norway (no other site is there).
    static final String BOOKING_COUNTRY = "NO";
    static final int BOOKING_OFFERS = 16;
    static final int BOOKING_OFFER_GPUS = 400;
    static final int BOOKING_GPUS = 8;
    static final int BOOKING_HOURS = 4;
    /** Room for the warm-up and the measurement at several hundred bookings a second; an empty market shows as empty quotes. */
    static final int BOOKING_DAYS = 30;

    private LoadDriver() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) usage();
        Path dir = Path.of(args[args.length - 1]);
        switch (args[0]) {
            case "keys" -> keys(dir);
            case "seed" -> seed(client(args), tokens(dir), dir);
            case "freshness" -> freshness(client(args), tokens(dir), dir);
            case "booking" -> booking(client(args), tokens(dir), dir, intArg("clients", 64), intArg("warmup", 60),
                    intArg("seconds", 20));
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: LoadDriver keys DIR | seed URL DIR | freshness URL DIR | booking URL DIR");
        System.exit(2);
    }

    private static BrokerClient client(String[] args) {
        if (args.length != 3) usage();
        return new BrokerClient(args[1]);
    }

    /** CB_LOAD_CLIENTS, CB_LOAD_WARMUP, CB_LOAD_SECONDS: the same variables as run-load.sh's. */
    private static int intArg(String name, int fallback) {
        String value = System.getenv("CB_LOAD_" + name.toUpperCase(Locale.ROOT));
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    // --- keys ---------------------------------------------------------------------------------------

    static void keys(Path dir) throws IOException {
        KeyPair pair = TokenTestResource.newKeyPair();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("private-key.b64"), java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        Files.writeString(dir.resolve("public-key.b64"), java.util.Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        Files.writeString(dir.resolve("issuer.txt"), ISSUER);
        log("key pair written to %s", dir);
    }

    private static Tokens tokens(Path dir) throws IOException {
        return Tokens.signedWith(Tokens.privateKey(Files.readString(dir.resolve("private-key.b64")).trim()), ISSUER,
                TokenTestResource.AUDIENCE, TOKEN_LIFETIME);
    }

    // --- seed ---------------------------------------------------------------------------------------

    static void seed(BrokerClient broker, Tokens tokens, Path dir) throws Exception {
        broker.awaitReady(Duration.ofMinutes(2));
        Instant now = Instant.now();
        List<LoadMarket.SiteSpec> sites = LoadMarket.sites(now);
        Map<String, String> partnerTokens = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        for (LoadMarket.SiteSpec site : sites) {
            String token = partnerTokens.computeIfAbsent(site.partnerId(), tokens::partnerToken);
            String path = "/api/v1/partners/" + site.partnerId() + "/sites/" + site.siteId();
            broker.put(path, token, site.body()).expect(200, "register " + path);
            broker.post(path + "/heartbeat", token, null).expect(200, "heartbeat " + path);
        }
        // Publishing in parallel, 8 at a time; the sentinel offer (last of the last site) goes last.
        List<Runnable> publishes = new ArrayList<>();
        Runnable sentinel = null;
        String sentinelPath = null;
        for (LoadMarket.SiteSpec site : sites) {
            String token = partnerTokens.get(site.partnerId());
            for (LoadMarket.OfferSpec offer : site.offers()) {
                String path = "/api/v1/partners/" + site.partnerId() + "/sites/" + site.siteId() + "/offers/" + offer.offerId();
                Runnable publish = () -> broker.put(path, token, offer.body()).expect(200, "publish " + path);
                if (site == sites.get(sites.size() - 1) && offer == site.offers().get(site.offers().size() - 1)) {
                    sentinel = publish;
                    sentinelPath = path;
                } else {
                    publishes.add(publish);
                }
            }
        }
        runAll(publishes, 8, Duration.ofMinutes(10));
        sentinel.run();
        long published = publishes.size() + 1;
        double seconds = (System.nanoTime() - t0) / 1e9;
        log("published %d offers at %d sites of %d partners in %.1f s (%.0f publishes/s, 8 parallel)", published,
                sites.size(), LoadMarket.PARTNERS, seconds, published / seconds);

        // Once the sentinel shows in quotes, every earlier change has reached the index too
        // (notifications arrive in commit order and are applied in that order of batches).
        String tenant = tokens.tenantToken("load-quotes");
        long waitStart = System.nanoTime();
        awaitOptions("sentinel offer " + sentinelPath, Duration.ofSeconds(60),
                () -> broker.post("/api/v1/quotes", tenant, LoadMarket.sentinelRequest(Instant.now())).expect(200, "sentinel quote"));
        log("index caught up: sentinel visible %.0f ms after its publish was acknowledged", (System.nanoTime() - waitStart) / 1e6);

        Map<String, Object> request = LoadMarket.wrkQuoteRequest(Instant.now());
        String body = BrokerClient.JSON.writeValueAsString(request);
        JsonNode quote = broker.post("/api/v1/quotes", tenant, body).expect(200, "wrk quote").json();
        int options = quote.path("options").size();
        if (options == 0) throw new IllegalStateException("the wrk quote request finds no option: " + body);
        log("wrk quote request finds %d options; best %s %s", options, quote.path("options").get(0).path("total").asText(),
                quote.path("currency").asText());
        Files.writeString(dir.resolve("quote-request.json"), body);
        Files.writeString(dir.resolve("quotes.lua"), """
                -- Generated by LoadDriver seed: POST /api/v1/quotes with a tenant token.
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["Authorization"] = "Bearer %s"
                wrk.body = [==[%s]==]
                """.formatted(tenant, body));
        Files.writeString(dir.resolve("me.lua"), """
                -- Generated by LoadDriver seed: GET /api/v1/me with the same tenant token (the authenticated trivial endpoint).
                wrk.headers["Authorization"] = "Bearer %s"
                """.formatted(tenant));
        result("seed.offers", published);
        result("seed.sites", sites.size());
        result("seed.publishes_per_s", String.format(Locale.ROOT, "%.0f", published / seconds));
        result("seed.quote_options", options);
    }

    // --- freshness ----------------------------------------------------------------------------------

    static void freshness(BrokerClient broker, Tokens tokens, Path dir) throws Exception {
        String partner = "load-probe";
        String partnerToken = tokens.partnerToken(partner);
        String tenantToken = tokens.tenantToken("load-freshness");
        for (String country : PROBE_COUNTRIES) {
            String path = "/api/v1/partners/" + partner + "/sites/probe-" + country;
            broker.put(path, partnerToken, Map.of("name", "Probe site " + country, "country", country, "region", "r1",
                    "jurisdiction", "EU", "certifications", List.of("ISO-27001"), "sovereignty", List.of())).expect(200, "probe site");
            broker.post(path + "/heartbeat", partnerToken, null).expect(200, "probe heartbeat");
        }

        List<Double> appear = Collections.synchronizedList(new ArrayList<>());
        List<Double> vanish = Collections.synchronizedList(new ArrayList<>());
        List<Double> acks = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger timeouts = new AtomicInteger();
        AtomicLong polls = new AtomicLong();
        List<Runnable> probers = new ArrayList<>();
        for (String country : PROBE_COUNTRIES) {
            probers.add(() -> {
                String site = "/api/v1/partners/" + partner + "/sites/probe-" + country;
                for (int cycle = 0; cycle < PROBE_CYCLES; cycle++) {
                    Instant now = Instant.now();
                    Instant from = now.truncatedTo(ChronoUnit.HOURS);
                    Map<String, Object> offer = new LinkedHashMap<>();
                    offer.put("sequence", 1);
                    offer.put("gpuModel", "H100-SXM-80GB");
                    offer.put("gpusPerNode", 8);
                    offer.put("totalGpus", 8);
                    offer.put("availableFrom", from.toString());
                    offer.put("availableUntil", from.plus(Duration.ofDays(7)).toString());
                    offer.put("currency", "USD");
                    offer.put("pricePerGpuHour", "2.00");
                    offer.put("tiers", List.of());
                    offer.put("minTermHours", 1);
                    offer.put("minGpus", 8);
                    offer.put("requiresConfirmation", false);
                    String offerPath = site + "/offers/f-" + cycle;
                    long sent = System.nanoTime();
                    Reply published = broker.put(offerPath, partnerToken, offer).expect(200, "probe publish");
                    long acked = System.nanoTime();
                    acks.add((acked - sent) / 1e6);
                    String offerId = published.json().path("offer").path("id").asText();
                    Map<String, Object> request = Map.of("gpuModels", List.of("H100-SXM-80GB"), "gpuCount", 8,
                            "durationHours", 4, "earliestStart", from.plus(Duration.ofHours(1)).toString(),
                            "latestStart", from.plus(Duration.ofHours(25)).toString(), "currency", "USD",
                            "countries", List.of(country));
                    record(waitFor(broker, tenantToken, request, offerId, true, acked, polls), appear, timeouts);

                    sent = System.nanoTime();
                    broker.delete(offerPath + "?sequence=2", partnerToken).expect(200, "probe withdraw");
                    acked = System.nanoTime();
                    acks.add((acked - sent) / 1e6);
                    record(waitFor(broker, tenantToken, request, offerId, false, acked, polls), vanish, timeouts);
                }
            });
        }
        long t0 = System.nanoTime();
        runAll(probers, probers.size(), Duration.ofMinutes(15));
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Double> both = new ArrayList<>(appear);
        both.addAll(vanish);
        log("freshness: %d publishes and %d withdrawals by %d parallel probers in %.1f s, %d quote polls, %d timeouts (> %d s)",
                appear.size(), vanish.size(), PROBE_COUNTRIES.size(), seconds, polls.get(), timeouts.get(),
                PROBE_WAIT_LIMIT.toSeconds());
        report("freshness.publish_to_visible_ms", appear);
        report("freshness.withdraw_to_gone_ms", vanish);
        report("freshness.all_ms", both);
        report("freshness.ack_ms", acks);
        result("freshness.timeouts", timeouts.get());
        result("freshness.polls", polls.get());
    }

    private static void record(double millis, List<Double> into, AtomicInteger timeouts) {
        if (Double.isNaN(millis)) timeouts.incrementAndGet();
        else into.add(millis);
    }

    /**
     * Polls quotes until the offer shows ({@code present}) or no longer shows; returns the time
     * from the acknowledgement to the reply that showed it, or NaN after {@link #PROBE_WAIT_LIMIT}.
     */
    private static double waitFor(BrokerClient broker, String token, Map<String, Object> request, String offerId,
                                  boolean present, long ackedNanos, AtomicLong polls) {
        long deadline = ackedNanos + PROBE_WAIT_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode quote = broker.post("/api/v1/quotes", token, request).expect(200, "probe quote").json();
            long answered = System.nanoTime();
            polls.incrementAndGet();
            boolean shown = false;
            for (JsonNode option : quote.path("options")) {
                for (JsonNode leg : option.path("legs")) shown |= offerId.equals(leg.path("offerId").asText());
            }
            if (shown == present) return (answered - ackedNanos) / 1e6;
            sleep(PROBE_POLL_GAP_MS);
        }
        return Double.NaN;
    }

    // --- booking ------------------------------------------------------------------------------------

    static void booking(BrokerClient broker, Tokens tokens, Path dir, int clients, int warmupSeconds, int seconds)
            throws Exception {
        String partner = "load-book";
        String partnerToken = tokens.partnerToken(partner);
        String site = "/api/v1/partners/" + partner + "/sites/osl-1";
        broker.put(site, partnerToken, Map.of("name", "Booking site", "country", BOOKING_COUNTRY, "region", "r1",
                "jurisdiction", "NO", "certifications", List.of("ISO-27001"), "sovereignty", List.of())).expect(200, "booking site");
        broker.post(site + "/heartbeat", partnerToken, null).expect(200, "booking heartbeat");
        Instant from = Instant.now().truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < BOOKING_OFFERS; i++) {
            Map<String, Object> offer = new LinkedHashMap<>();
            offer.put("sequence", 1);
            offer.put("gpuModel", "H100-SXM-80GB");
            offer.put("gpusPerNode", 8);
            offer.put("totalGpus", BOOKING_OFFER_GPUS);
            offer.put("availableFrom", from.toString());
            offer.put("availableUntil", from.plus(Duration.ofDays(BOOKING_DAYS)).toString());
            offer.put("currency", "USD");
            offer.put("pricePerGpuHour", String.format(Locale.ROOT, "%.2f", 2.00 + 0.01 * i));
            offer.put("tiers", List.of());
            offer.put("minTermHours", 1);
            offer.put("minGpus", 8);
            offer.put("requiresConfirmation", false);
            broker.put(String.format("%s/offers/b-%02d", site, i), partnerToken, offer).expect(200, "booking offer");
        }
        Map<String, Object> request = Map.of("gpuModels", List.of("H100-SXM-80GB"), "gpuCount", BOOKING_GPUS,
                "durationHours", BOOKING_HOURS, "earliestStart", from.plus(Duration.ofHours(1)).toString(),
                "latestStart", from.plus(Duration.ofDays(BOOKING_DAYS - 2)).toString(), "currency", "USD",
                "countries", List.of(BOOKING_COUNTRY));
        String probeToken = tokens.tenantToken("load-book-probe");
        awaitOptions("booking offers", Duration.ofSeconds(10),
                () -> broker.post("/api/v1/quotes", probeToken, request).expect(200, "booking quote"));

        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long measureUntil = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong created = new AtomicLong();          // all 201s, warm-up included: compared with the ledger
        AtomicLong measuredCreated = new AtomicLong();
        AtomicLong measuredConflicts = new AtomicLong();
        AtomicLong measuredQuotes = new AtomicLong();
        AtomicLong measuredEmptyQuotes = new AtomicLong();   // quotes without options: the market ran out
        Map<Integer, AtomicLong> otherStatuses = new ConcurrentHashMap<>();
        List<Double> bookingMillis = Collections.synchronizedList(new ArrayList<>());
        List<Runnable> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            String token = tokens.tenantToken("load-book-" + (client % 8));
            workers.add(() -> {
                String bookingToken = null;
                for (int iteration = 0; iteration < 1_000_000 && System.nanoTime() < measureUntil; iteration++) {
                    if (bookingToken == null) {
                        JsonNode quote = broker.post("/api/v1/quotes", token, request).expect(200, "quote").json();
                        if (inWindow(System.nanoTime(), measureFrom, measureUntil)) measuredQuotes.incrementAndGet();
                        int options = quote.path("options").size();
                        if (options == 0) {
                            if (inWindow(System.nanoTime(), measureFrom, measureUntil)) measuredEmptyQuotes.incrementAndGet();
                            sleep(10);
                            continue;
                        }
                        bookingToken = quote.path("options").get(client % Math.min(3, options)).path("bookingToken").asText();
                    }
                    long sent = System.nanoTime();
                    Reply reply = broker.post("/api/v1/reservations", token, Map.of("bookingToken", bookingToken),
                            Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                    long done = System.nanoTime();
                    boolean measured = inWindow(done, measureFrom, measureUntil);
                    if (measured) bookingMillis.add((done - sent) / 1e6);
                    switch (reply.status()) {
                        case 201 -> {
                            created.incrementAndGet();
                            if (measured) measuredCreated.incrementAndGet();
                        }
                        case 409 -> {
                            if (measured) measuredConflicts.incrementAndGet();
                            bookingToken = null;   // the option is gone: ask again
                        }
                        default -> {
                            otherStatuses.computeIfAbsent(reply.status(), s -> new AtomicLong()).incrementAndGet();
                            bookingToken = null;
                        }
                    }
                }
            });
        }
        runAll(workers, clients, Duration.ofSeconds(warmupSeconds + seconds + 120));
        long attempts = measuredCreated.get() + measuredConflicts.get();
        log("booking: %d clients, %d s measured after %d s warm-up: %d created (%.1f/s), %d conflicts (409), %d quotes; "
                        + "other statuses %s; %d created in total",
                clients, seconds, warmupSeconds, measuredCreated.get(), measuredCreated.get() / (double) seconds,
                measuredConflicts.get(), measuredQuotes.get(), otherStatuses, created.get());
        result("booking.clients", clients);
        result("booking.seconds", seconds);
        result("booking.created_per_s", String.format(Locale.ROOT, "%.1f", measuredCreated.get() / (double) seconds));
        result("booking.attempts_per_s", String.format(Locale.ROOT, "%.1f", attempts / (double) seconds));
        result("booking.conflicts", measuredConflicts.get());
        result("booking.quotes_per_s", String.format(Locale.ROOT, "%.1f", measuredQuotes.get() / (double) seconds));
        result("booking.empty_quotes", measuredEmptyQuotes.get());
        result("booking.other_statuses", otherStatuses.toString().replace(' ', '_'));
        result("booking.created_total", created.get());
        report("booking.latency_ms", bookingMillis);
        Files.writeString(dir.resolve("booking.env"), "BOOKING_CREATED_TOTAL=" + created.get() + "\n"
                + "BOOKING_OTHER_STATUSES=" + otherStatuses.values().stream().mapToLong(AtomicLong::get).sum() + "\n");
    }

    private static boolean inWindow(long t, long from, long until) {
        return t >= from && t < until;
    }

    // --- helpers ------------------------------------------------------------------------------------

    /** Runs the tasks on {@code threads} threads; the first failure fails the phase. Bounded in time. */
    private static void runAll(List<Runnable> tasks, int threads, Duration limit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) futures.add(pool.submit(task));
            long deadline = System.nanoTime() + limit.toNanos();
            for (Future<?> f : futures) f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static void report(String name, List<Double> millis) {
        double[] v = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            result(name, "n=0");
            return;
        }
        result(name, String.format(Locale.ROOT, "n=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f", v.length,
                percentile(v, 50), percentile(v, 90), percentile(v, 99), v[v.length - 1]));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static void result(String key, Object value) {
        System.out.println("RESULT " + key + " " + value);
    }

    private static void log(String format, Object... args) {
        System.err.println("[load] " + String.format(Locale.ROOT, format, args));
    }

    /** Polls quotes until they offer something; the index hears of publishes asynchronously. */
    private static void awaitOptions(String what, Duration limit, Callable<Reply> quote) {
        try {
            Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(100))
                    .until(() -> quote.call().json().path("options").size() > 0);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(what + " never appeared in quotes within " + limit, e);
        }
    }

    /** Pacing of the load generator itself (probe gaps, a client's back-off), not a wait for a condition. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
