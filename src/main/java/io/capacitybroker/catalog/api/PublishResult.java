package io.capacitybroker.catalog.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What became of a publish or withdrawal: applied, or ignored because its sequence was not newer.")
public record PublishResult(
        @Schema(enumeration = {"APPLIED", "IGNORED_STALE_SEQUENCE"}) String outcome,
        long storedSequence,
        OfferView offer) {
    public static final String APPLIED = "APPLIED";
    public static final String IGNORED = "IGNORED_STALE_SEQUENCE";
}
