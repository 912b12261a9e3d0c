package io.capacitybroker.vocabulary;

import java.util.Set;

/**
 * The legal regime that governs data processed at a site. A site's country must belong to its
 * jurisdiction: a site in Germany cannot claim to be governed by Singapore law.
 */
public enum Jurisdiction {
    EU(Set.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
            "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")),
    SG(Set.of("SG")),
    TW(Set.of("TW")),
    JP(Set.of("JP")),
    KR(Set.of("KR")),
    US(Set.of("US")),
    GB(Set.of("GB")),
    CH(Set.of("CH")),
    NO(Set.of("NO")),
    IN(Set.of("IN")),
    AU(Set.of("AU")),
    CA(Set.of("CA")),
    AE(Set.of("AE")),
    SA(Set.of("SA")),
    MY(Set.of("MY")),
    ID(Set.of("ID")),
    TH(Set.of("TH"));

    private final Set<String> countries;

    Jurisdiction(Set<String> countries) {
        this.countries = countries;
    }

    public String code() { return name(); }

    public boolean covers(String country) { return countries.contains(country); }

    public static Jurisdiction fromCode(String code) {
        return Vocabulary.lookup(Jurisdiction.class, code, Jurisdiction::code);
    }
}
