package io.capacitybroker.catalog.events;

import jakarta.validation.constraints.Min;

/** The data of a withdrawal on {@code partner.inventory}: the REST call's {@code sequence} query parameter. */
public record WithdrawRequest(@Min(1) Long sequence) {}
