package io.capacitybroker.quote.store;

import io.capacitybroker.quote.domain.Quote;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class QuoteRepository implements PanacheRepositoryBase<Quote, String> {}
