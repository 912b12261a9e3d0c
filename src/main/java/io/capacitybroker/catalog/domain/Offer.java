package io.capacitybroker.catalog.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One pool of GPUs of one model at one site, with its price card and its time window. */
@Entity
@Table(name = "offer")
public class Offer {
    @Id
    public UUID id;
    public UUID siteId;
    /** The partner's own name for the offer, unique per site; used in partner paths. */
    public String code;
    public String gpuModel;
    public int gpusPerNode;
    public int totalGpus;
    public Instant windowStart;
    public Instant windowEnd;
    public String currency;
    public BigDecimal unitPrice;
    /** JSON array of {minHours, unitPrice}: cheaper prices for longer terms. */
    public String priceTiers;
    public int minTermHours;
    public int minGpus;
    public boolean requiresConfirmation;
    /** The partner's publication counter: only a higher one replaces the offer. */
    public long sequence;
    @Enumerated(EnumType.STRING)
    public OfferStatus status;
    public Instant publishedAt;
}
