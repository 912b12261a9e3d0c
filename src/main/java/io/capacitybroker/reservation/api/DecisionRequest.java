package io.capacitybroker.reservation.api;

import jakarta.validation.constraints.Size;

/** Why a site accepts or rejects; recorded in the reservation's history. */
public record DecisionRequest(@Size(max = 500) String reason) {}
