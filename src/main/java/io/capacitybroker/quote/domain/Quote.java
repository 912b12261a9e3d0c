package io.capacitybroker.quote.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** A tenant's request and the options the broker offered for it, frozen at quote time. */
@Entity
@Table(name = "quote")
public class Quote {
    @Id
    public String id;
    public String tenantId;
    /** The request as the tenant sent it (JSON). */
    public String request;
    /** The ranked options (JSON): prices are promised as quoted until the quote expires. */
    public String options;
    public String currency;
    public LocalDate ratesDate;
    public String status;
    public Instant createdAt;
    public Instant expiresAt;

    public static final String OPEN = "OPEN";
    public static final String EXPIRED = "EXPIRED";
    /** Expired and booked: kept as long as its reservation, never deleted by retention (ADR 0015). */
    public static final String BOOKED = "BOOKED";

    /** Bookable while open and before its expiry, read from a row without loading the entity. */
    public static boolean isBookable(String status, Instant expiresAt, Instant now) {
        return OPEN.equals(status) && now.isBefore(expiresAt);
    }
}
