package io.capacitybroker.billing.invoice;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What to credit: either an {@code amount}, taken from the invoice's lines in line order (each up to
 * what is left of it), or explicit {@code lines}. Never more than what is left of the invoice.
 */
@Schema(name = "CreditNoteRequest")
public record CreditNoteRequest(
        @NotBlank @Size(max = 500) @Schema(description = "Why the tenant is credited", examples = "site outage 2030-03-12")
        String reason,
        @Schema(description = "The amount to credit, at the invoice currency's minor unit; or give lines", examples = "11.72")
        BigDecimal amount,
        @Valid @Size(max = 500) @Schema(description = "Amounts per invoice line; or give amount")
        List<Line> lines) {

    @Schema(name = "CreditNoteRequestLine")
    public record Line(@NotBlank String invoiceLineId, @NotNull BigDecimal amount) {}
}
