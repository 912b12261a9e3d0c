package io.capacitybroker.billing.payout;

import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The net of a statement, paid to the partner's Stripe Connect account as one transfer. */
@Schema(name = "Payout")
public record PayoutView(String id, String statementId, String period, String partnerId, String currency, BigDecimal amount,
                         PayoutStatus status, String destination, String stripeTransferId, String failure,
                         Instant createdAt, Instant updatedAt) {}
