package io.capacitybroker.catalog.service;

import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.platform.money.Currencies;
import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.Countries;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.Vocabulary;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.function.Predicate;

/** Validated catalogue search criteria; empty lists mean "no restriction". */
public record OfferFilter(List<String> gpuModels, Integer minGpus, List<String> countries,
                          List<String> excludedCountries, List<String> jurisdictions,
                          List<String> excludedJurisdictions, List<String> certifications,
                          BigDecimal maxPrice, Currency currency, Instant from, Instant until, int page, int size) {

    /**
     * The filter, once every code is known and the window is sound; otherwise a validation problem
     * naming each wrong parameter. The API and the portal both search through here.
     */
    public static OfferFilter checked(List<String> gpuModels, Integer minGpus, List<String> countries,
                                      List<String> excludedCountries, List<String> jurisdictions,
                                      List<String> excludedJurisdictions, List<String> certifications,
                                      BigDecimal maxPrice, String currency, Instant from, Instant until, int page, int size) {
        Violations v = new Violations();
        known(v, "gpuModel", gpuModels, c -> Vocabulary.find(GpuModel.class, c, GpuModel::code).isPresent());
        known(v, "country", countries, Countries::isKnown);
        known(v, "excludeCountry", excludedCountries, Countries::isKnown);
        known(v, "jurisdiction", jurisdictions, c -> Vocabulary.find(Jurisdiction.class, c, Jurisdiction::code).isPresent());
        known(v, "excludeJurisdiction", excludedJurisdictions,
                c -> Vocabulary.find(Jurisdiction.class, c, Jurisdiction::code).isPresent());
        known(v, "certification", certifications, c -> Vocabulary.find(Certification.class, c, Certification::code).isPresent());
        Currency money = Currencies.parse(currency).orElse(null);
        v.check(money != null, "currency", "unknown ISO 4217 currency '" + currency + "'");
        v.check(from == null || until == null || until.isAfter(from), "until", "must be after from");
        v.throwIfAny();
        return new OfferFilter(gpuModels, minGpus, countries, excludedCountries, jurisdictions, excludedJurisdictions,
                certifications, maxPrice, money, from, until, page, size);
    }

    private static void known(Violations v, String field, List<String> codes, Predicate<String> isKnown) {
        codes.stream().filter(isKnown.negate()).findFirst()
                .ifPresent(code -> v.add(field, "unknown code '" + code + "'"));
    }
}
