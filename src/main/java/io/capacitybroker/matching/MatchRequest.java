package io.capacitybroker.matching;

import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's capacity request, as the engine sees it.
 *
 * @param gpuModels            acceptable models, most preferred first
 * @param earliestStartHour    epoch hours, UTC; the start must lie in [earliest, latest]
 * @param maxUnitPrice         per GPU-hour in {@code currency}
 * @param allowedJurisdictions empty means any
 * @param allowedCountries     empty means any
 * @param minBlock             smallest leg of a split
 * @param maxOptions           at most this many options are returned
 */
public record MatchRequest(
        List<GpuModel> gpuModels,
        int gpuCount,
        int durationHours,
        long earliestStartHour,
        long latestStartHour,
        Currency currency,
        Optional<BigDecimal> maxUnitPrice,
        Set<Jurisdiction> allowedJurisdictions,
        Set<String> allowedCountries,
        Set<String> deniedCountries,
        Set<Certification> requiredCertifications,
        Set<SovereigntyAttribute> requiredSovereignty,
        boolean allowSplit,
        int minBlock,
        int maxOptions) {

    public MatchRequest {
        gpuModels = List.copyOf(gpuModels);
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(maxUnitPrice, "maxUnitPrice");
        allowedJurisdictions = Set.copyOf(allowedJurisdictions);
        allowedCountries = Set.copyOf(allowedCountries);
        deniedCountries = Set.copyOf(deniedCountries);
        requiredCertifications = Set.copyOf(requiredCertifications);
        requiredSovereignty = Set.copyOf(requiredSovereignty);
        if (gpuModels.isEmpty()) throw new IllegalArgumentException("at least one GPU model is required");
        if (gpuCount < 1) throw new IllegalArgumentException("gpuCount must be >= 1");
        if (durationHours < 1) throw new IllegalArgumentException("durationHours must be >= 1");
        if (latestStartHour < earliestStartHour) throw new IllegalArgumentException("latest start before earliest start");
        if (minBlock < 0) throw new IllegalArgumentException("minBlock must be >= 0");
        if (maxOptions < 1) throw new IllegalArgumentException("maxOptions must be >= 1");
    }
}
