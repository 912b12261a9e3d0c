package io.capacitybroker.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "broker")
public interface BrokerConfig {
    /** The shortest booking-token signing key accepted, in characters (HMAC-SHA256 wants 256 bits of key). */
    int MIN_SIGNING_KEY_CHARS = 32;

    /** A site whose last heartbeat is older than this is not matched or booked. */
    @WithDefault("5M")
    Duration siteStaleAfter();

    /** How long a quote can be booked. */
    @WithDefault("15M")
    Duration quoteTtl();

    /**
     * The secret (at least 32 characters) that signs booking tokens (ADR 0016): the same on every
     * replica. Whoever knows it can make a token for any price, so production has no default.
     */
    @Size(min = MIN_SIGNING_KEY_CHARS)
    String quoteSigningKey();

    /** The key before the last rotation: tokens it signed stay bookable until their quotes expire. */
    Optional<@Size(min = MIN_SIGNING_KEY_CHARS) String> quoteSigningPreviousKey();

    /** How long a site that must confirm has to accept or reject before the hold expires. */
    @WithDefault("24H")
    Duration partnerDecisionDeadline();

    /** The most options a quote returns. */
    @WithDefault("10")
    int maxQuoteOptions();

    /** Cancelling later than this before the start costs a fee (docs/reservations.md). */
    @WithDefault("24H")
    Duration freeCancellationNotice();

    /** Whether to publish the demo partners and offers at start-up (profile demo). */
    @WithName("demo.enabled")
    @WithDefault("false")
    boolean demoEnabled();

    /** How often the reservation job runs on each replica, as the scheduler reads it (e.g. 15s). */
    @WithName("reservation-job.every")
    @WithDefault("15s")
    String reservationJobEvery();

    /** The Keycloak realm the broker's users and partners live in. */
    @WithName("identity.realm")
    @WithDefault("capacity-broker")
    String identityRealm();

    /** The audience partner clients made by onboarding put into their tokens. */
    @WithName("identity.api-audience")
    @WithDefault("capacity-broker-api")
    String identityApiAudience();

    /** Keycloak's base URL for its admin API (onboarding); without it onboarding answers 503. */
    @WithName("identity.admin.server-url")
    Optional<String> identityAdminServerUrl();

    @WithName("identity.admin.client-id")
    @WithDefault("capacity-broker-admin")
    String identityAdminClientId();

    /** The secret of the onboarding service account; without it onboarding answers 503. */
    @WithName("identity.admin.client-secret")
    Optional<String> identityAdminClientSecret();

    /** How often each replica re-reads the exchange-rate table (e.g. 60s). */
    @WithName("exchange-rates.refresh")
    @WithDefault("60s")
    String exchangeRatesRefresh();

    /** How often each replica re-reads the gauges kept in the database (ledger utilisation, stale sites, outbox lag). */
    @WithName("metrics.refresh-every")
    @WithDefault("30s")
    String metricsRefreshEvery();

    /** How long the readiness check waits for the OIDC provider's discovery document. */
    @WithName("health.oidc.timeout")
    @WithDefault("3S")
    Duration healthOidcTimeout();

    /** How long one answer of the OIDC provider counts, so that frequent probes do not all call it. */
    @WithName("health.oidc.cache-for")
    @WithDefault("30S")
    Duration healthOidcCacheFor();

    /** The transactional outbox and its relay (ADR 0007, docs/events.md). */
    OutboxSettings outbox();

    interface OutboxSettings {
        /** Whether this replica runs the relay; every replica may, rows are leased. */
        @WithName("relay.enabled")
        @WithDefault("true")
        boolean relayEnabled();

        /** How often the relay looks for unsent events, as the scheduler reads it (e.g. 1s). */
        @WithName("relay.every")
        @WithDefault("1s")
        String relayEvery();

        /** How long a relay owns the rows it leased; a relay that died gives them up after this. */
        @WithDefault("30S")
        Duration lease();

        /** The most rows one relay pass leases. */
        @WithDefault("100")
        int batchSize();

        /** Publish attempts per event; then the event is parked for an operator (docs/events.md). */
        @WithDefault("10")
        int maxAttempts();

        /** How long the relay waits for Kafka's acknowledgement of one event. */
        @WithDefault("10S")
        Duration publishTimeout();

        /** The wait before the first retry; it doubles with each failed attempt, up to the maximum. */
        @WithDefault("1S")
        Duration retryBackoff();

        @WithDefault("5M")
        Duration maxRetryBackoff();

        /** How long a sent event is kept before it is deleted; re-driving a lost topic reaches back this far. */
        @WithDefault("30D")
        Duration retention();

        /** How often each replica deletes sent events past their retention, as the scheduler reads it (e.g. 10m). */
        @WithName("retention-job.every")
        @WithDefault("10m")
        String retentionJobEvery();
    }
}
