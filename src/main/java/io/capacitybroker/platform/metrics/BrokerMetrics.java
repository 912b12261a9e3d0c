package io.capacitybroker.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The broker's business meters that count or time events, in one place so that their names, tags
 * and buckets stay consistent (docs/operations.md lists them with what to alert on). Names use
 * Micrometer's dotted form; Prometheus shows them with underscores and unit suffixes, e.g.
 * {@code broker.bookings} as {@code broker_bookings_total}.
 *
 * <p>Tags only ever take values from small fixed sets (outcomes, reasons): never ids, which would
 * make a new time series per tenant or reservation.
 */
@ApplicationScoped
public class BrokerMetrics {
    public static final String QUOTES = "broker.quotes";
    public static final String MATCHING = "broker.matching.duration";
    public static final String BOOKINGS = "broker.bookings";
    public static final String WEBHOOK_FAILURES = "broker.webhook.failures";
    public static final String BILLING_RUNS = "broker.billing.run.duration";
    public static final String TOKENS = "broker.tokens";

    /** Matching is in memory and should stay well below a millisecond per request; buckets up to 1 s show when it does not. */
    private static final Duration[] MATCHING_BUCKETS = {
            Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

    /** A billing run closes a whole period: seconds to many minutes. */
    private static final Duration[] BILLING_BUCKETS = {
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1)};

    private final MeterRegistry registry;
    private final Timer matching;
    /** Registered once: looking a meter up in the registry on every quote is measurable under load. */
    private final Counter quotesWithOptions;
    private final Counter quotesEmpty;
    private final Counter tokensRemembered;
    private final Counter tokensVerified;

    @Inject
    public BrokerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.matching = Timer.builder(MATCHING)
                .description("Time the in-memory matching of one capacity request takes")
                .serviceLevelObjectives(MATCHING_BUCKETS)
                .register(registry);
        this.quotesWithOptions = quotesCounter("options");
        this.quotesEmpty = quotesCounter("empty");
        this.tokensRemembered = tokensCounter("remembered");
        this.tokensVerified = tokensCounter("verified");
    }

    private Counter tokensCounter(String outcome) {
        return Counter.builder(TOKENS).description("API bearer tokens checked: verified by OIDC, or remembered from an earlier verification")
                .tag("check", outcome).register(registry);
    }

    /** An API bearer token was checked: {@code remembered} if an earlier verification of it still held. */
    public void tokenVerification(boolean remembered) {
        (remembered ? tokensRemembered : tokensVerified).increment();
    }

    private Counter quotesCounter(String result) {
        return Counter.builder(QUOTES).description("Quotes answered").tag("result", result).register(registry);
    }

    /** A quote was answered; {@code options} 0 means the market had nothing that fits (a supply signal). */
    public void quoteAnswered(int options) {
        (options == 0 ? quotesEmpty : quotesWithOptions).increment();
    }

    /** Runs the in-memory match and records how long it took. */
    public <T> T timeMatching(Supplier<T> match) {
        return matching.record(match);
    }

    /**
     * A booking attempt ended: {@code confirmed}, {@code pending_partner}, {@code replayed}, or the
     * refusal's problem type such as {@code capacity_conflict} or {@code quote_expired}.
     */
    public void bookingOutcome(String outcome) {
        Counter.builder(BOOKINGS).description("Booking attempts by outcome")
                .tag("outcome", outcome)
                .register(registry).increment();
    }

    /**
     * A Stripe webhook was refused or could not be processed. {@code reason} is one of a small fixed
     * set, e.g. {@code signature} (bad or expired signature), {@code payload} (unreadable event),
     * {@code processing} (the event was valid but handling it failed; Stripe retries it).
     */
    public void webhookFailure(String reason) {
        Counter.builder(WEBHOOK_FAILURES).description("Stripe webhooks refused or failed, by reason")
                .tag("reason", reason)
                .register(registry).increment();
    }

    /** A billing run finished; {@code outcome} is {@code succeeded} or {@code failed}. */
    public void billingRunDuration(Duration took, String outcome) {
        Timer.builder(BILLING_RUNS).description("How long closing a billing period took")
                .tag("outcome", outcome)
                .serviceLevelObjectives(BILLING_BUCKETS)
                .register(registry).record(took);
    }
}
