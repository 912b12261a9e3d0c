package io.capacitybroker.ledger;

import java.time.Instant;

/** A slot whose held and booked GPUs a change would leave without capacity. */
public record SlotConflict(Instant slotStart, int capacity, int held, int booked) {}
