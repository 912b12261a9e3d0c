package io.capacitybroker.billing.payout;

import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A partner's statement of a period and currency (docs/billing.md section 4): invoiced minus
 * credited is gross; commission at the partner's rate, rounded once; net is what is paid out.
 */
@Schema(name = "PartnerStatement")
public record StatementView(String id, String runId, String period, String partnerId, String currency, BigDecimal invoiced,
                            BigDecimal credited, BigDecimal gross, BigDecimal commissionRate, BigDecimal commission,
                            BigDecimal net, Instant createdAt, PayoutView payout) {}
