package io.capacitybroker.platform.error;

/** One wrong field of a request: its JSON path (e.g. {@code legs[0].gpuCount}) and what is wrong. */
public record FieldError(String field, String message) {}
