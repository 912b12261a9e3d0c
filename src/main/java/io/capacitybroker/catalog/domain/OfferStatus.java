package io.capacitybroker.catalog.domain;

public enum OfferStatus { LIVE, WITHDRAWN }
