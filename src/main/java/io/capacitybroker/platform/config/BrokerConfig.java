package io.capacitybroker.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

@ConfigMapping(prefix = "broker")
public interface BrokerConfig {
    /** A site whose last heartbeat is older than this is not matched or booked. */
    @WithDefault("5M")
    Duration siteStaleAfter();

    /** How long a quote can be booked. */
    @WithDefault("15M")
    Duration quoteTtl();

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

    /** How often each replica re-reads the exchange-rate table (e.g. 60s). */
    @WithName("exchange-rates.refresh")
    @WithDefault("60s")
    String exchangeRatesRefresh();
}
