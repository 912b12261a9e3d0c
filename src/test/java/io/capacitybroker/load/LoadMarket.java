package io.capacitybroker.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The market the load run publishes through the partner API: 5 partners, 50 sites, 200 offers per
 * site (10,000 offers), from a fixed seed. Countries used for the freshness probes and the booking
 * phase never appear here, so those phases see only their own offers.
 */
final class LoadMarket {
    static final long SEED = 20261126L;
    static final int PARTNERS = 5;
    static final int SITES_PER_PARTNER = 10;
    static final int OFFERS_PER_SITE = 200;

    /** The last site is alone in its country; its last offer is the only one that can serve 4096 A100s. */
    static final String SENTINEL_COUNTRY = "HR";
    static final String SENTINEL_MODEL = "A100-SXM-80GB";
    static final int SENTINEL_GPUS = 4096;

    private static final List<String> COUNTRIES = List.of(
            "DE", "FR", "NL", "SE", "FI", "IE", "ES", "IT", "PL", "AT", "BE", "DK", "PT", "CZ",
            "SG", "TW", "JP", "KR", "US", "GB", "IN", "AU");
    private static final Set<String> EU = Set.of("DE", "FR", "NL", "SE", "FI", "IE", "ES", "IT", "PL", "AT", "BE", "DK",
            "PT", "CZ", "HR");
    private static final List<String> MODELS = List.of("H100-SXM-80GB", "H100-PCIE-80GB", "H200-141GB", "B200-192GB",
            "GB200-192GB", "MI300X-192GB", "L40S-48GB", "A100-SXM-80GB");
    private static final double[] USD_PRICE = {2.60, 2.10, 3.40, 5.20, 6.30, 2.30, 0.95, 1.50};
    private static final List<String> EXTRA_CERTS = List.of("ISO-27017", "ISO-27018", "SOC2-TYPE2", "CSA-STAR", "PCI-DSS");
    private static final List<String> SOVEREIGNTY = List.of("national-operator", "data-residency", "air-gapped",
            "confidential-computing");
    /** Units per USD, as in the broker's seeded exchange-rate table. */
    private static final Map<String, Double> UNITS_PER_USD = Map.of("USD", 1.0, "EUR", 0.92, "SGD", 1.34, "TWD", 32.1,
            "JPY", 151.2, "GBP", 0.79);

    record SiteSpec(String partnerId, String siteId, String country, Map<String, Object> body, List<OfferSpec> offers) {}

    record OfferSpec(String offerId, Map<String, Object> body) {}

    static String partnerId(int p) {
        return "load-p" + (p + 1);
    }

    static List<SiteSpec> sites(Instant now) {
        Random random = new Random(SEED);
        Instant from = now.truncatedTo(ChronoUnit.HOURS);
        Instant until = from.plus(Duration.ofDays(60));
        List<SiteSpec> sites = new ArrayList<>();
        int total = PARTNERS * SITES_PER_PARTNER;
        for (int i = 0; i < total; i++) {
            boolean sentinelSite = i == total - 1;
            String country = sentinelSite ? SENTINEL_COUNTRY : COUNTRIES.get(i % COUNTRIES.size());
            String jurisdiction = EU.contains(country) ? "EU" : country;
            String currency = switch (jurisdiction) {
                case "EU" -> "EUR";
                case "SG" -> "SGD";
                case "TW" -> "TWD";
                case "JP" -> "JPY";
                case "GB" -> "GBP";
                default -> "USD";
            };
            List<String> certs = new ArrayList<>();
            if (random.nextDouble() < 0.7) certs.add("ISO-27001");
            for (String c : EXTRA_CERTS) if (random.nextDouble() < 0.3) certs.add(c);
            List<String> sovereignty = new ArrayList<>();
            for (String s : SOVEREIGNTY) if (random.nextDouble() < 0.25) sovereignty.add(s);
            String siteId = String.format("s%02d", i % SITES_PER_PARTNER + 1);
            Map<String, Object> site = Map.of("name", "Load site " + (i + 1) + " in " + country, "country", country,
                    "region", "region-" + (i % 3 + 1), "jurisdiction", jurisdiction, "certifications", certs,
                    "sovereignty", sovereignty);
            List<OfferSpec> offers = new ArrayList<>();
            for (int o = 0; o < OFFERS_PER_SITE; o++) {
                boolean sentinel = sentinelSite && o == OFFERS_PER_SITE - 1;
                int model = sentinel ? MODELS.indexOf(SENTINEL_MODEL) : random.nextInt(MODELS.size());
                int gpusPerNode = MODELS.get(model).startsWith("L40S") ? 4 : 8;
                int totalGpus = sentinel ? SENTINEL_GPUS : gpusPerNode * (4 + random.nextInt(61));
                double usd = USD_PRICE[model] * (0.7 + 0.6 * random.nextDouble());
                BigDecimal price = price(usd * UNITS_PER_USD.get(currency), currency);
                List<Map<String, Object>> tiers = new ArrayList<>();
                if (random.nextBoolean()) {
                    tiers.add(Map.of("minHours", 168, "pricePerGpuHour", price(usd * 0.95 * UNITS_PER_USD.get(currency), currency)));
                    tiers.add(Map.of("minHours", 720, "pricePerGpuHour", price(usd * 0.90 * UNITS_PER_USD.get(currency), currency)));
                }
                Map<String, Object> offer = new LinkedHashMap<>();
                offer.put("sequence", 1);
                offer.put("gpuModel", MODELS.get(model));
                offer.put("gpusPerNode", gpusPerNode);
                offer.put("totalGpus", totalGpus);
                offer.put("availableFrom", from.toString());
                offer.put("availableUntil", until.toString());
                offer.put("currency", currency);
                offer.put("pricePerGpuHour", price);
                offer.put("tiers", tiers);
                int minTerm = 1 + random.nextInt(3) * 11;   // 1, 12 or 23 hours
                offer.put("minTermHours", sentinel ? 1 : minTerm);
                offer.put("minGpus", gpusPerNode);
                offer.put("requiresConfirmation", random.nextDouble() < 0.2);
                offers.add(new OfferSpec(String.format("o-%03d", o), offer));
            }
            sites.add(new SiteSpec(partnerId(i / SITES_PER_PARTNER), siteId, country, site, offers));
        }
        return sites;
    }

    private static BigDecimal price(double amount, String currency) {
        return BigDecimal.valueOf(amount).setScale(currency.equals("JPY") ? 0 : 2, RoundingMode.HALF_EVEN);
    }

    /** The quote measured under wrk: the in-process benchmark's target case, over the HTTP API. */
    static Map<String, Object> wrkQuoteRequest(Instant now) {
        Instant start = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("gpuModels", List.of("H100-SXM-80GB", "H200-141GB"));
        r.put("gpuCount", 16);
        r.put("durationHours", 72);
        r.put("earliestStart", start.toString());
        r.put("latestStart", start.plus(Duration.ofDays(7)).toString());
        r.put("currency", "USD");
        r.put("maxPricePerGpuHour", new BigDecimal("4.00"));
        r.put("jurisdictions", List.of("EU", "SG"));
        r.put("certifications", List.of("ISO-27001"));
        return r;
    }

    /** A request only the sentinel offer can serve. */
    static Map<String, Object> sentinelRequest(Instant now) {
        Instant start = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        return Map.of("gpuModels", List.of(SENTINEL_MODEL), "gpuCount", SENTINEL_GPUS, "durationHours", 24,
                "earliestStart", start.toString(), "latestStart", start.plus(Duration.ofDays(1)).toString(),
                "currency", "USD", "countries", List.of(SENTINEL_COUNTRY));
    }
}
