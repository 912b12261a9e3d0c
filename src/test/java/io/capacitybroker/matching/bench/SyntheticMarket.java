package io.capacitybroker.matching.bench;

import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import io.capacitybroker.matching.MatchRequest;
import io.capacitybroker.matching.OfferIndex;
import io.capacitybroker.matching.OfferSnapshot;
import io.capacitybroker.matching.PriceCard;
import io.capacitybroker.matching.PriceTier;
import io.capacitybroker.matching.SiteSnapshot;
import io.capacitybroker.platform.money.ExchangeRates;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * A reproducible market of sites, offers and usage for benchmarks. The same seed and sizes give
 * the same data, so the in-memory engine and the PostgreSQL benchmark can be compared on it.
 */
public final class SyntheticMarket {
    public static final long SEED = 20260302L;
    public static final int SITES = 500;
    public static final int OFFERS = 100_000;
    /** The clock of the market: every window, heartbeat and request is relative to it. */
    public static final Instant NOW = Instant.parse("2026-03-02T00:00:00Z");
    public static final long NOW_HOUR = NOW.getEpochSecond() / 3600;
    public static final Duration STALE_AFTER = Duration.ofMinutes(5);
    private static final int WEEK = 7 * 24;

    /** Where sites are, with the currency they price in; weights make EU, SG, TW and US common. */
    private record Place(String country, Jurisdiction jurisdiction, Currency currency, int weight) {}

    private static final List<Place> PLACES = List.of(
            new Place("DE", Jurisdiction.EU, currency("EUR"), 8), new Place("FR", Jurisdiction.EU, currency("EUR"), 5),
            new Place("NL", Jurisdiction.EU, currency("EUR"), 4), new Place("SE", Jurisdiction.EU, currency("EUR"), 3),
            new Place("FI", Jurisdiction.EU, currency("EUR"), 2), new Place("SG", Jurisdiction.SG, currency("SGD"), 8),
            new Place("TW", Jurisdiction.TW, currency("TWD"), 8), new Place("JP", Jurisdiction.JP, currency("JPY"), 6),
            new Place("US", Jurisdiction.US, currency("USD"), 12), new Place("KR", Jurisdiction.KR, currency("USD"), 3),
            new Place("GB", Jurisdiction.GB, currency("GBP"), 4), new Place("IN", Jurisdiction.IN, currency("USD"), 3),
            new Place("AU", Jurisdiction.AU, currency("USD"), 2));

    /** Base list price in USD per GPU-hour, and a weight for how often the model is offered. */
    private record ModelPrice(GpuModel model, String usdPerGpuHour, int weight) {}

    private static final List<ModelPrice> MODELS = List.of(
            new ModelPrice(GpuModel.H100_SXM_80GB, "2.40", 30), new ModelPrice(GpuModel.H100_PCIE_80GB, "2.00", 5),
            new ModelPrice(GpuModel.H200_141GB, "3.20", 20), new ModelPrice(GpuModel.B200_192GB, "4.80", 10),
            new ModelPrice(GpuModel.GB200_192GB, "6.00", 5), new ModelPrice(GpuModel.MI300X_192GB, "2.60", 10),
            new ModelPrice(GpuModel.L40S_48GB, "0.90", 10), new ModelPrice(GpuModel.A100_SXM_80GB, "1.30", 10));

    private static final ExchangeRates RATES = new ExchangeRates(LocalDate.of(2026, 3, 2), currency("USD"), Map.of(
            currency("EUR"), new BigDecimal("0.92"), currency("SGD"), new BigDecimal("1.34"),
            currency("TWD"), new BigDecimal("32.1"), currency("JPY"), new BigDecimal("151"),
            currency("GBP"), new BigDecimal("0.79")));

    private final List<SiteSnapshot> sites;
    private final List<OfferSnapshot> offers;
    private final Map<String, Map<Long, Integer>> usageByOffer;

    private SyntheticMarket(List<SiteSnapshot> sites, List<OfferSnapshot> offers, Map<String, Map<Long, Integer>> usage) {
        this.sites = List.copyOf(sites);
        this.offers = List.copyOf(offers);
        this.usageByOffer = Collections.unmodifiableMap(usage);
    }

    /** The benchmark's market: {@value #SITES} sites, {@value #OFFERS} offers, seed {@value #SEED}. */
    public static SyntheticMarket standard() {
        return generate(SEED, SITES, OFFERS);
    }

    public static SyntheticMarket generate(long seed, int siteCount, int offerCount) {
        Random random = new Random(seed);
        List<SiteSnapshot> sites = new ArrayList<>(siteCount);
        for (int i = 0; i < siteCount; i++) sites.add(site(random, i));
        List<OfferSnapshot> offers = new ArrayList<>(offerCount);
        Map<String, Map<Long, Integer>> usage = new LinkedHashMap<>();
        for (int i = 0; i < offerCount; i++) {
            OfferSnapshot offer = offer(random, i, sites.get(random.nextInt(siteCount)));
            offers.add(offer);
            if (random.nextInt(10) < 3) usage.put(offer.offerId(), usage(random, offer));
        }
        return new SyntheticMarket(sites, offers, usage);
    }

    public List<SiteSnapshot> sites() { return sites; }

    public List<OfferSnapshot> offers() { return offers; }

    /** Held plus booked GPUs per slot hour, by offer id; offers without an entry are unused. */
    public Map<String, Map<Long, Integer>> usageByOffer() { return usageByOffer; }

    public ExchangeRates rates() { return RATES; }

    /** A fresh index holding the whole market. */
    public OfferIndex newIndex() {
        OfferIndex index = new OfferIndex();
        sites.forEach(index::upsertSite);
        offers.forEach(index::upsertOffer);
        usageByOffer.forEach(index::replaceUsage);
        return index;
    }

    /** 16 H100 (or H200) for 72 h in the EU or Singapore, ISO 27001, starting within a week, at most 4 USD. */
    public static MatchRequest benchmarkRequest() {
        return new MatchRequest(List.of(GpuModel.H100_SXM_80GB, GpuModel.H200_141GB), 16, 72,
                NOW_HOUR, NOW_HOUR + WEEK - 1, currency("USD"), Optional.of(new BigDecimal("4.00")),
                Set.of(Jurisdiction.EU, Jurisdiction.SG), Set.of(), Set.of(), Set.of(Certification.ISO_27001),
                Set.of(), false, 8, 10);
    }

    /** Like {@link #benchmarkRequest()} but larger than any single offer, so that it must be split. */
    public static MatchRequest splitRequest() {
        MatchRequest r = benchmarkRequest();
        return new MatchRequest(r.gpuModels(), 512, r.durationHours(), r.earliestStartHour(), r.latestStartHour(),
                r.currency(), r.maxUnitPrice(), r.allowedJurisdictions(), r.allowedCountries(), r.deniedCountries(),
                r.requiredCertifications(), r.requiredSovereignty(), true, 8, r.maxOptions());
    }

    private static SiteSnapshot site(Random random, int i) {
        Place place = weighted(random, PLACES, Place::weight);
        Set<Certification> certifications = EnumSet.noneOf(Certification.class);
        for (Certification certification : Certification.values()) {
            int percent = certification == Certification.ISO_27001 ? 80 : 30;
            if (random.nextInt(100) < percent) certifications.add(certification);
        }
        Set<SovereigntyAttribute> sovereignty = EnumSet.noneOf(SovereigntyAttribute.class);
        for (SovereigntyAttribute attribute : SovereigntyAttribute.values()) {
            if (random.nextInt(100) < 25) sovereignty.add(attribute);
        }
        // About 3 % of the sites stopped sending heartbeats an hour ago.
        Instant heartbeat = random.nextInt(100) < 3 ? NOW.minusSeconds(3600) : NOW.minusSeconds(random.nextInt(120));
        return new SiteSnapshot("site-%03d".formatted(i), "partner-%03d".formatted(i / 5), place.country(),
                place.jurisdiction(), certifications, sovereignty, (900 + random.nextInt(100)) / 1000.0, heartbeat);
    }

    private static OfferSnapshot offer(Random random, int i, SiteSnapshot site) {
        ModelPrice model = weighted(random, MODELS, ModelPrice::weight);
        Currency currency = PLACES.stream().filter(p -> p.country().equals(site.country())).findFirst().orElseThrow().currency();
        BigDecimal usd = new BigDecimal(model.usdPerGpuHour()).multiply(BigDecimal.valueOf(80 + random.nextInt(51), 2));
        BigDecimal unitPrice = local(usd, currency);
        List<PriceTier> tiers = random.nextBoolean()
                ? List.of(new PriceTier(168, local(usd.multiply(new BigDecimal("0.92")), currency)),
                        new PriceTier(720, local(usd.multiply(new BigDecimal("0.85")), currency)))
                : List.of();
        int gpusPerNode = model.model() == GpuModel.L40S_48GB ? 4 : 8;
        long windowStart = NOW_HOUR - 48 + random.nextInt(4 * 24);
        long windowEnd = windowStart + WEEK * (1 + random.nextInt(8));
        int[] minTerms = {1, 4, 24, 168};
        return new OfferSnapshot("offer-%06d".formatted(i), site.siteId(), model.model(), gpusPerNode,
                gpusPerNode * (1 + random.nextInt(32)), windowStart, windowEnd, new PriceCard(currency, unitPrice, tiers),
                minTerms[random.nextInt(minTerms.length)], random.nextBoolean() ? 1 : gpusPerNode, random.nextInt(5) == 0);
    }

    /** A few bookings of 4 to 72 hours in the first two weeks. */
    private static Map<Long, Integer> usage(Random random, OfferSnapshot offer) {
        Map<Long, Integer> used = new LinkedHashMap<>();
        int bookings = 1 + random.nextInt(5);
        for (int b = 0; b < bookings; b++) {
            long start = NOW_HOUR + random.nextInt(2 * WEEK);
            int gpus = 1 + random.nextInt(offer.totalGpus());
            for (long h = start; h < start + 4 + random.nextInt(69); h++) {
                used.merge(h, gpus, (a, c) -> Math.min(offer.totalGpus(), a + c));
            }
        }
        return used;
    }

    private static BigDecimal local(BigDecimal usd, Currency currency) {
        BigDecimal factor = RATES.factor(currency("USD"), currency).orElseThrow();
        return usd.multiply(factor).setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_EVEN);
    }

    private static <T> T weighted(Random random, List<T> choices, ToIntFunction<T> weight) {
        int total = choices.stream().mapToInt(weight).sum();
        int pick = random.nextInt(total);
        for (T choice : choices) {
            pick -= weight.applyAsInt(choice);
            if (pick < 0) return choice;
        }
        throw new IllegalStateException("weights changed while picking");
    }

    private static Currency currency(String code) {
        return Currency.getInstance(code);
    }
}
