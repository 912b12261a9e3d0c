package io.capacitybroker.catalog.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;

/** Validated catalogue search criteria; empty lists mean "no restriction". */
public record OfferFilter(List<String> gpuModels, Integer minGpus, List<String> countries,
                          List<String> excludedCountries, List<String> jurisdictions,
                          List<String> excludedJurisdictions, List<String> certifications,
                          BigDecimal maxPrice, Currency currency, Instant from, Instant until, int page, int size) {}
