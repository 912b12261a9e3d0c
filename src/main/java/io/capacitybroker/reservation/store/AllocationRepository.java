package io.capacitybroker.reservation.store;

import io.capacitybroker.reservation.domain.Allocation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AllocationRepository implements PanacheRepositoryBase<Allocation, String> {}
