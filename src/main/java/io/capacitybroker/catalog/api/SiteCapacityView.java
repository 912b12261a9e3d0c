package io.capacitybroker.catalog.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.SortedMap;

/** One site's capacity day by day: GPU-hours on sale and GPU-hours held or booked. */
public record SiteCapacityView(String siteId, String siteName, SortedMap<LocalDate, BigDecimal> onSale,
                               SortedMap<LocalDate, BigDecimal> committed) {}
