package io.capacitybroker.reservation.store;

import io.capacitybroker.reservation.domain.Transition;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TransitionRepository implements PanacheRepositoryBase<Transition, Long> {}
