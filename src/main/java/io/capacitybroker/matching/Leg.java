package io.capacitybroker.matching;

import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;

/**
 * GPUs from one offer for one interval.
 *
 * @param endHour            exclusive
 * @param unitPrice          exact price per GPU-hour in the offer's currency (tier applied)
 * @param offerCurrencyTotal unitPrice x gpus x hours, rounded once in the offer's currency
 * @param total              the exact offer-currency amount converted and rounded once into the
 *                           request's currency; what the tenant is quoted
 */
public record Leg(
        String offerId,
        String siteId,
        String partnerId,
        GpuModel gpuModel,
        int gpuCount,
        long startHour,
        long endHour,
        BigDecimal unitPrice,
        Money offerCurrencyTotal,
        Money total,
        boolean requiresConfirmation) {
}
