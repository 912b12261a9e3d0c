package io.capacitybroker.platform.money;

import io.capacitybroker.platform.db.Rows;
import io.quarkus.scheduler.Scheduled;
import io.capacitybroker.platform.vertx.SafeContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The exchange-rate table, read from the database and kept in memory: quotes read it on every
 * request, and it changes a few times a day at most.
 */
@ApplicationScoped
public class ExchangeRateStore {
    private static final Currency USD = Currency.getInstance("USD");

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    Vertx vertx;

    private final AtomicReference<ExchangeRates> current = new AtomicReference<>();

    /** The rates as last loaded; loads them on first use. */
    public Uni<ExchangeRates> rates() {
        ExchangeRates rates = current.get();
        return rates != null ? Uni.createFrom().item(rates) : reload();
    }

    @Scheduled(every = "${broker.exchange-rates.refresh:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return SafeContext.run(vertx, this::reload).replaceWithVoid();
    }

    public Uni<ExchangeRates> reload() {
        return sessions.withSession(session -> session
                        .createNativeQuery("select currency, units_per_usd, as_of from exchange_rate", Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<Currency, BigDecimal> rates = new HashMap<>();
                    LocalDate date = LocalDate.EPOCH;
                    for (Object[] row : rows) {
                        rates.put(Currency.getInstance(row[0].toString().trim()), Rows.decimal(row[1]));
                        LocalDate asOf = row[2] instanceof LocalDate d ? d : LocalDate.parse(row[2].toString());
                        date = asOf.isAfter(date) ? asOf : date;
                    }
                    rates.remove(USD);
                    ExchangeRates loaded = new ExchangeRates(date, USD, rates);
                    current.set(loaded);
                    return loaded;
                });
    }
}
