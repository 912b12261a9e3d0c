package io.capacitybroker.matching;

import io.capacitybroker.vocabulary.GpuModel;
import java.util.Objects;

/**
 * One pool of GPUs of one model at one site, sellable in whole slot hours.
 *
 * @param windowStartHour first sellable slot hour (epoch hours, UTC)
 * @param windowEndHour   first slot hour after the window (exclusive)
 * @param minGpus         smallest leg the site accepts from this pool
 */
public record OfferSnapshot(
        String offerId,
        String siteId,
        GpuModel gpuModel,
        int gpusPerNode,
        int totalGpus,
        long windowStartHour,
        long windowEndHour,
        PriceCard price,
        int minTermHours,
        int minGpus,
        boolean requiresConfirmation) {

    public OfferSnapshot {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(gpuModel, "gpuModel");
        Objects.requireNonNull(price, "price");
        if (gpusPerNode < 1) throw new IllegalArgumentException("gpusPerNode must be >= 1");
        if (totalGpus < 0) throw new IllegalArgumentException("totalGpus must be >= 0");
        if (windowEndHour <= windowStartHour) throw new IllegalArgumentException("empty offer window");
        if (minTermHours < 0 || minGpus < 0) throw new IllegalArgumentException("minimums must be >= 0");
    }
}
