package io.capacitybroker.catalog.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A partner's data centre: where GPUs are and which law governs the data processed there. */
@Entity
@Table(name = "site")
public class Site {
    @Id
    public UUID id;
    public String partnerId;
    /** The partner's own name for the site, unique per partner; used in partner paths. */
    public String code;
    public String name;
    public String country;
    public String region;
    public String jurisdiction;
    @Column(columnDefinition = "text[]")
    public String[] certifications;
    @Column(columnDefinition = "text[]")
    public String[] sovereignty;
    public BigDecimal reliability;
    public Instant lastHeartbeat;
    public Instant createdAt;
    public Instant updatedAt;

    /** A site is sold only while its heartbeats are fresh: no heartbeat, no sale. */
    public boolean isLive(Instant now, Duration staleAfter) {
        return isLive(lastHeartbeat, now, staleAfter);
    }

    public static boolean isLive(Instant lastHeartbeat, Instant now, Duration staleAfter) {
        return lastHeartbeat != null && !lastHeartbeat.isBefore(now.minus(staleAfter));
    }
}
