package io.capacitybroker.catalog.api;

import java.util.List;

/** One page of search results; {@code total} counts every match. */
public record OfferPage(List<OfferView> items, int page, int size, long total) {}
