package io.capacitybroker.reservation.api;

import java.time.Instant;

/** One step of a reservation's history. {@code from} is null for the first. */
public record TransitionView(String from, String to, String actor, Instant at, String reason) {}
