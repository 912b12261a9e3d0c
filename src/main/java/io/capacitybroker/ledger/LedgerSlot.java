package io.capacitybroker.ledger;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * One offer's GPUs in one hourly UTC slot. The ledger writes these rows with native SQL (conditional
 * updates); the entity exists so that its reads can be HQL, whose plans Hibernate caches, where
 * Hibernate Reactive re-plans every native select (docs/adr/0012-hot-path-persistence.md).
 */
@Entity
@Table(name = "ledger_slot")
@IdClass(LedgerSlot.Key.class)
public class LedgerSlot {
    @Id
    public UUID offerId;
    @Id
    public Instant slotStart;
    public int capacity;
    public int held;
    public int booked;

    public record Key(UUID offerId, Instant slotStart) implements Serializable {}
}
