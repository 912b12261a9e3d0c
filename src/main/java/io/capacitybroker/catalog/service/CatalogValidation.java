package io.capacitybroker.catalog.service;

import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.Countries;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import io.capacitybroker.vocabulary.Vocabulary;
import io.capacitybroker.catalog.api.OfferRequest;
import io.capacitybroker.catalog.api.PriceTierBody;
import io.capacitybroker.catalog.api.SiteRequest;
import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.platform.money.Currencies;
import io.capacitybroker.platform.money.ExchangeRates;
import io.capacitybroker.platform.time.Slots;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;

/** The rules a site or offer must meet beyond its field types; every broken rule names its field. */
final class CatalogValidation {
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Longer windows are almost certainly a typo (a year 2062 for 2026), and would bloat the ledger. */
    static final Duration MAX_WINDOW = Duration.ofDays(3 * 366);

    private CatalogValidation() {}

    static void key(Violations violations, String field, String value) {
        violations.check(value != null && KEY.matcher(value).matches(), field,
                "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }

    static void site(Violations v, SiteRequest site) {
        boolean countryKnown = Countries.isKnown(site.country());
        v.check(countryKnown, "country", "unknown ISO 3166-1 alpha-2 country code '" + site.country() + "'");
        var jurisdiction = Vocabulary.find(Jurisdiction.class, site.jurisdiction(), Jurisdiction::code);
        if (jurisdiction.isEmpty()) {
            v.add("jurisdiction", "unknown jurisdiction '" + site.jurisdiction() + "'");
        } else if (countryKnown && !jurisdiction.get().covers(site.country())) {
            v.add("jurisdiction", "jurisdiction " + site.jurisdiction() + " does not cover country " + site.country());
        }
        Vocabulary.checkCodes(v, "certifications", site.certifications(), Certification.class, Certification::code);
        Vocabulary.checkCodes(v, "sovereignty", site.sovereignty(), SovereigntyAttribute.class, SovereigntyAttribute::code);
    }

    static void offer(Violations v, OfferRequest offer, Instant now, ExchangeRates rates) {
        v.check(Vocabulary.find(GpuModel.class, offer.gpuModel(), GpuModel::code).isPresent(), "gpuModel",
                "unknown GPU model '" + offer.gpuModel() + "'");
        currency(v, "currency", offer.currency(), rates);
        Instant from = offer.availableFrom();
        Instant until = offer.availableUntil();
        v.check(Slots.isHourAligned(from), "availableFrom", "must be a whole UTC hour");
        v.check(Slots.isHourAligned(until), "availableUntil", "must be a whole UTC hour");
        if (!until.isAfter(from)) {
            v.add("availableUntil", "must be after availableFrom");
        } else {
            v.check(until.isAfter(now), "availableUntil", "lies in the past");
            v.check(Duration.between(from, until).compareTo(MAX_WINDOW) <= 0, "availableUntil",
                    "the window may span at most " + MAX_WINDOW.toDays() + " days");
        }
        v.check(offer.minGpus() <= offer.totalGpus(), "minGpus", "must not exceed totalGpus");
        v.check(offer.totalGpus() % offer.gpusPerNode() == 0, "totalGpus", "must be a whole number of nodes (gpusPerNode)");
        tiers(v, offer);
    }

    static void currency(Violations v, String field, String code, ExchangeRates rates) {
        Currency currency = Currencies.parse(code).orElse(null);
        if (currency == null) {
            v.add(field, "unknown ISO 4217 currency '" + code + "'");
        } else if (!rates.supports(currency)) {
            v.add(field, "the broker has no exchange rate for " + code);
        }
    }

    private static void tiers(Violations v, OfferRequest offer) {
        List<PriceTierBody> tiers = offer.tiers() == null ? List.of() : offer.tiers();
        int previousHours = offer.minTermHours();
        for (int i = 0; i < tiers.size(); i++) {
            PriceTierBody tier = tiers.get(i);
            String field = "tiers[" + i + "]";
            v.check(tier.minHours() > previousHours, field + ".minHours",
                    "must be longer than the minimum term and the tier before");
            v.check(tier.pricePerGpuHour().compareTo(offer.pricePerGpuHour()) < 0, field + ".pricePerGpuHour",
                    "a tier must be cheaper than the base price");
            previousHours = Math.max(previousHours, tier.minHours());
        }
    }
}
