package io.capacitybroker.reservation.api;

import java.util.List;

public record ReservationPage(List<ReservationView> items, int page, int size, long total) {}
