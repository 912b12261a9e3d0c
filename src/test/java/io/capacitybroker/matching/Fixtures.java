package io.capacitybroker.matching;

import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import io.capacitybroker.platform.money.ExchangeRates;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Test data: a fixed clock, rates with round numbers, and builders with matching defaults. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-03-02T00:00:00Z");
    static final long H0 = NOW.getEpochSecond() / 3600;
    static final Duration STALE_AFTER = Duration.ofMinutes(5);
    static final Currency USD = Currency.getInstance("USD");
    static final Currency EUR = Currency.getInstance("EUR");
    static final Currency JPY = Currency.getInstance("JPY");
    static final Currency TWD = Currency.getInstance("TWD");
    /** 1 USD = 0.8 EUR = 150 JPY, so EUR -> USD is exactly 1.25; TWD is deliberately missing. */
    static final ExchangeRates RATES = new ExchangeRates(LocalDate.of(2026, 3, 2), USD,
            Map.of(EUR, new BigDecimal("0.8"), JPY, new BigDecimal("150")));

    private Fixtures() {}

    static SiteBuilder site(String siteId) { return new SiteBuilder(siteId); }

    static OfferBuilder offer(String offerId, String siteId) { return new OfferBuilder(offerId, siteId); }

    static RequestBuilder request() { return new RequestBuilder(); }

    static List<QuoteOption> match(OfferIndex index, MatchRequest request) {
        return index.match(request, NOW, STALE_AFTER, RATES);
    }

    static final class SiteBuilder {
        private final String siteId;
        String partnerId = "partner-1";
        String country = "TW";
        Jurisdiction jurisdiction = Jurisdiction.TW;
        Set<Certification> certifications = Set.of(Certification.ISO_27001, Certification.SOC_2_TYPE_2);
        Set<SovereigntyAttribute> sovereignty = Set.of(SovereigntyAttribute.NATIONAL_OPERATOR);
        double reliability = 0.99;
        Instant lastHeartbeat = NOW.minusSeconds(30);

        SiteBuilder(String siteId) { this.siteId = siteId; }

        SiteBuilder in(String country, Jurisdiction jurisdiction) {
            this.country = country;
            this.jurisdiction = jurisdiction;
            return this;
        }

        SiteBuilder reliability(double reliability) {
            this.reliability = reliability;
            return this;
        }

        SiteSnapshot build() {
            return new SiteSnapshot(siteId, partnerId, country, jurisdiction, certifications, sovereignty,
                    reliability, lastHeartbeat);
        }
    }

    static final class OfferBuilder {
        private final String offerId;
        String siteId;
        GpuModel model = GpuModel.H100_SXM_80GB;
        int gpusPerNode = 8;
        int totalGpus = 16;
        long windowStart = H0;
        long windowEnd = H0 + 7 * 24;
        Currency currency = USD;
        BigDecimal unitPrice = new BigDecimal("2.00");
        List<PriceTier> tiers = List.of();
        int minTermHours = 1;
        int minGpus = 1;
        boolean requiresConfirmation = false;

        OfferBuilder(String offerId, String siteId) {
            this.offerId = offerId;
            this.siteId = siteId;
        }

        OfferBuilder price(String unitPrice, Currency currency) {
            this.unitPrice = new BigDecimal(unitPrice);
            this.currency = currency;
            return this;
        }

        OfferBuilder gpus(int totalGpus) {
            this.totalGpus = totalGpus;
            return this;
        }

        OfferBuilder model(GpuModel model) {
            this.model = model;
            return this;
        }

        OfferSnapshot build() {
            return new OfferSnapshot(offerId, siteId, model, gpusPerNode, totalGpus, windowStart, windowEnd,
                    new PriceCard(currency, unitPrice, tiers), minTermHours, minGpus, requiresConfirmation);
        }
    }

    static final class RequestBuilder {
        List<GpuModel> models = List.of(GpuModel.H100_SXM_80GB);
        int gpuCount = 8;
        int durationHours = 24;
        long earliestStart = H0;
        long latestStart = H0 + 48;
        Currency currency = USD;
        Optional<BigDecimal> maxUnitPrice = Optional.of(new BigDecimal("3.00"));
        Set<Jurisdiction> allowedJurisdictions = Set.of(Jurisdiction.TW);
        Set<String> allowedCountries = Set.of();
        Set<String> deniedCountries = Set.of();
        Set<Certification> requiredCertifications = Set.of(Certification.ISO_27001);
        Set<SovereigntyAttribute> requiredSovereignty = Set.of();
        boolean allowSplit = false;
        int minBlock = 1;
        int maxOptions = 5;

        RequestBuilder gpus(int gpuCount, int durationHours) {
            this.gpuCount = gpuCount;
            this.durationHours = durationHours;
            return this;
        }

        RequestBuilder split(int minBlock) {
            this.allowSplit = true;
            this.minBlock = minBlock;
            return this;
        }

        RequestBuilder anyPlace() {
            this.allowedJurisdictions = Set.of();
            return this;
        }

        RequestBuilder noPriceLimit() {
            this.maxUnitPrice = Optional.empty();
            return this;
        }

        MatchRequest build() {
            return new MatchRequest(models, gpuCount, durationHours, earliestStart, latestStart, currency,
                    maxUnitPrice, allowedJurisdictions, allowedCountries, deniedCountries, requiredCertifications,
                    requiredSovereignty, allowSplit, minBlock, maxOptions);
        }
    }
}
