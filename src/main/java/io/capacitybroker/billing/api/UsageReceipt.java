package io.capacitybroker.billing.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What became of each record of an accepted batch, in request order")
public record UsageReceipt(int created, int duplicates, List<Outcome> records) {

    @Schema(name = "UsageResult")
    public enum Result { CREATED, DUPLICATE }

    @Schema(name = "UsageOutcome")
    public record Outcome(String recordId,
                          Result outcome,
                          @Schema(description = "NO_RESERVATION when stored without a reservation, for finance to reconcile")
                          String reconciliation) {}
}
