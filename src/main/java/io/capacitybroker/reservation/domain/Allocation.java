package io.capacitybroker.reservation.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.UUID;

/** The GPUs a reservation takes from one offer, priced as quoted. */
@Entity
@Table(name = "reservation_allocation")
public class Allocation {
    @Id
    public String id;
    public String reservationId;
    public UUID offerId;
    public UUID siteId;
    /** The partner's own name for the site, as in partner paths. */
    public String siteCode;
    public String partnerId;
    public String gpuModel;
    public int gpuCount;
    public BigDecimal unitPrice;
    public String offerCurrency;
    public BigDecimal offerCurrencyAmount;
    /** In the reservation's currency. */
    public BigDecimal amount;
    public boolean requiresConfirmation;
    /** ACCEPTED or REJECTED by the site, where it must confirm. */
    public String decision;

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";
}
