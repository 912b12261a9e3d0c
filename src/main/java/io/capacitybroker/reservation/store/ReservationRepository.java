package io.capacitybroker.reservation.store;

import io.capacitybroker.reservation.domain.Reservation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ReservationRepository implements PanacheRepositoryBase<Reservation, String> {}
