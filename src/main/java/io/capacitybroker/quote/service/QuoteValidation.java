package io.capacitybroker.quote.service;

import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.Countries;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import io.capacitybroker.vocabulary.Vocabulary;
import io.capacitybroker.matching.MatchRequest;
import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.platform.money.Currencies;
import io.capacitybroker.platform.money.ExchangeRates;
import io.capacitybroker.platform.time.Slots;
import io.capacitybroker.quote.api.QuoteRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns a tenant's request into a matching request, or names every field that is wrong. */
final class QuoteValidation {
    /** A start window wider than this is a search of the whole future, not a request. */
    static final Duration MAX_START_WINDOW = Duration.ofDays(92);
    static final Duration MAX_LEAD_TIME = Duration.ofDays(2 * 366);

    private QuoteValidation() {}

    static MatchRequest toMatchRequest(QuoteRequest r, Instant now, ExchangeRates rates, int maxOptions) {
        Violations v = new Violations();
        List<GpuModel> models = Vocabulary.checkCodes(v, "gpuModels", r.gpuModels(), GpuModel.class, GpuModel::code);
        List<Jurisdiction> jurisdictions = Vocabulary.checkCodes(v, "jurisdictions", r.jurisdictions(), Jurisdiction.class, Jurisdiction::code);
        List<Certification> certifications = Vocabulary.checkCodes(v, "certifications", r.certifications(), Certification.class, Certification::code);
        List<SovereigntyAttribute> sovereignty = Vocabulary.checkCodes(v, "sovereignty", r.sovereignty(), SovereigntyAttribute.class,
                SovereigntyAttribute::code);
        countries(v, "countries", r.countries());
        countries(v, "excludedCountries", r.excludedCountries());
        String currencyCode = r.currency() == null ? "USD" : r.currency();
        Currency currency = Currencies.parse(currencyCode).orElse(null);
        if (currency == null) v.add("currency", "unknown ISO 4217 currency '" + currencyCode + "'");
        else v.check(rates.supports(currency), "currency", "the broker has no exchange rate for " + currencyCode);

        v.check(Slots.isHourAligned(r.earliestStart()), "earliestStart", "must be a whole UTC hour");
        v.check(Slots.isHourAligned(r.latestStart()), "latestStart", "must be a whole UTC hour");
        long nextHour = Slots.nextHour(now);
        if (r.latestStart().isBefore(r.earliestStart())) {
            v.add("latestStart", "must not be before earliestStart");
        } else if (Slots.hourOf(r.latestStart()) < nextHour) {
            v.add("latestStart", "lies in the past: the next bookable slot starts at " + Slots.startOf(nextHour));
        } else {
            v.check(Duration.between(r.earliestStart(), r.latestStart()).compareTo(MAX_START_WINDOW) <= 0,
                    "latestStart", "the start window may span at most " + MAX_START_WINDOW.toDays() + " days");
            v.check(Duration.between(now, r.earliestStart()).compareTo(MAX_LEAD_TIME) <= 0,
                    "earliestStart", "lies more than " + MAX_LEAD_TIME.toDays() + " days ahead");
        }
        boolean split = Boolean.TRUE.equals(r.allowSplit());
        int minBlock = r.minBlock() == null ? (split ? 1 : r.gpuCount()) : r.minBlock();
        v.check(minBlock <= r.gpuCount(), "minBlock", "must not exceed gpuCount");
        v.throwIfAny();

        boolean ordered = r.preferenceOrdered() == null || r.preferenceOrdered();
        return new MatchRequest(ordered ? models : sortedByCode(models), r.gpuCount(), r.durationHours(),
                Math.max(Slots.hourOf(r.earliestStart()), nextHour), Slots.hourOf(r.latestStart()), currency,
                Optional.ofNullable(r.maxPricePerGpuHour()), Set.copyOf(jurisdictions),
                Set.copyOf(orEmpty(r.countries())), Set.copyOf(orEmpty(r.excludedCountries())),
                certifications.isEmpty() ? EnumSet.noneOf(Certification.class) : EnumSet.copyOf(certifications),
                sovereignty.isEmpty() ? EnumSet.noneOf(SovereigntyAttribute.class) : EnumSet.copyOf(sovereignty),
                split, minBlock, maxOptions);
    }

    /** Without a stated preference, models rank by a fixed order so that equal options stay deterministic. */
    private static List<GpuModel> sortedByCode(List<GpuModel> models) {
        return models.stream().sorted().toList();
    }

    private static void countries(Violations v, String field, List<String> codes) {
        List<String> given = orEmpty(codes);
        for (int i = 0; i < given.size(); i++) {
            v.check(Countries.isKnown(given.get(i)), field + "[" + i + "]",
                    "unknown ISO 3166-1 alpha-2 country code '" + given.get(i) + "'");
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
