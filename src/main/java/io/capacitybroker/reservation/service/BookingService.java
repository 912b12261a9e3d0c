package io.capacitybroker.reservation.service;

import io.capacitybroker.catalog.service.SaleableOffers;
import io.capacitybroker.ledger.CapacityLedger;
import io.capacitybroker.ledger.Commitment;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.db.ChangeNotifier;
import io.capacitybroker.platform.db.PgErrors;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.capacitybroker.platform.idempotency.Fingerprint;
import io.capacitybroker.platform.id.Ids;
import io.capacitybroker.platform.metrics.BrokerMetrics;
import io.capacitybroker.quote.service.QuoteService;
import io.capacitybroker.quote.token.BookableOption;
import io.capacitybroker.quote.token.BookableOption.Leg;
import io.capacitybroker.reservation.api.BookingRequest;
import io.capacitybroker.reservation.api.ReservationView;
import io.capacitybroker.reservation.domain.Allocation;
import io.capacitybroker.reservation.domain.Reservation;
import io.capacitybroker.reservation.domain.ReservationStatus;
import io.capacitybroker.reservation.domain.Transition;
import io.capacitybroker.reservation.store.ReservationRepository;
import io.capacitybroker.reservation.store.ReservationRows;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Books a quote option: all of its legs are taken on the ledger in one transaction, or none.
 * The same Idempotency-Key with the same request returns the first reservation; with another
 * request it is refused. A concurrent retry of the same key loses the race on the unique index
 * and then replays the winner's reservation.
 *
 * <p>The option comes from its signed booking token (ADR 0016), not from the database. The
 * booking goes to the SQL client directly, not through Hibernate (ADR 0014): one round trip reads
 * the key; then the whole transaction (lock the offers, insert the reservation, its allocations,
 * its first transition and event, notify, take the ledger's slots) is sent as one pipeline, and a
 * last round trip commits or rolls back. Replays and reads stay with Hibernate.
 */
@ApplicationScoped
public class BookingService {
    private static final Logger LOG = Logger.getLogger(BookingService.class);
    /** A deadlock between bookings is resolved by PostgreSQL aborting one; it is simply retried. */
    private static final int ATTEMPTS = 3;
    private static final String FIND_KEY = "select 1 from reservation where tenant_id = $1 and idempotency_key = $2";

    @Inject Pool pool;
    @Inject QuoteService quotes;
    @Inject SaleableOffers saleable;
    @Inject CapacityLedger ledger;
    @Inject ReservationRepository reservations;
    @Inject ReservationHistory history;
    @Inject ReservationViews views;
    @Inject ChangeNotifier notifier;
    @Inject BrokerConfig config;
    @Inject BrokerMetrics metrics;
    @Inject Clock clock;

    public record Booked(ReservationView reservation, boolean replayed) {}

    public Uni<Booked> book(String tenantId, String idempotencyKey, BookingRequest request, String actor) {
        String hash = fingerprint(request);
        return optionToBook(tenantId, idempotencyKey, request)
                .chain(option -> option.isEmpty()
                        ? replay(tenantId, idempotencyKey, hash)
                        : create(tenantId, idempotencyKey, hash, option.get(), actor)
                                .onFailure(PgErrors::isDeadlock).retry().atMost(ATTEMPTS - 1)
                                .onFailure(PgErrors::isUniqueViolation).recoverWithUni(() -> replay(tenantId, idempotencyKey, hash)))
                .invoke(this::booked)
                .onFailure().invoke(failure -> metrics.bookingOutcome(outcomeOf(failure)));
    }

    /** Counted and logged once the transaction committed, so a rolled-back booking never shows as booked. */
    private void booked(Booked booked) {
        ReservationView r = booked.reservation();
        if (booked.replayed()) {
            metrics.bookingOutcome("replayed");
            return;
        }
        metrics.bookingOutcome(r.status().toLowerCase(Locale.ROOT));
        LOG.infof("reservation %s booked: %d GPUs from %s to %s, %s", r.id(), r.gpuCount(), r.startAt(), r.endAt(), r.status());
    }

    /** A refusal counts under its problem type (capacity_conflict, quote_expired, ...); anything else is an error. */
    private static String outcomeOf(Throwable failure) {
        return failure instanceof ProblemException problem ? problem.type().name().toLowerCase(Locale.ROOT) : "error";
    }

    /**
     * The option to book, or empty when the key was used before: a retry is answered with the first
     * reservation even after its quote expired, so the key is looked at before the token.
     */
    private Uni<Optional<BookableOption>> optionToBook(String tenantId, String key, BookingRequest request) {
        return pool.preparedQuery(FIND_KEY).execute(Tuple.of(tenantId, key))
                .map(used -> used.size() > 0
                        ? Optional.<BookableOption>empty()
                        : Optional.of(quotes.bookableOption(tenantId, request.bookingToken())));
    }

    private Uni<Booked> replay(String tenantId, String key, String hash) {
        return Panache.withSession(() -> reservations.find("tenantId = ?1 and idempotencyKey = ?2", tenantId, key).singleResult()
                .chain(existing -> {
                    if (!existing.requestHash.equals(hash)) {
                        throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                                "this Idempotency-Key was used for another booking request (reservation " + existing.id + ")");
                    }
                    return views.forTenant(existing).map(view -> new Booked(view, true));
                }));
    }

    private Uni<Booked> create(String tenantId, String key, String hash, BookableOption option, String actor) {
        Instant now = clock.instant();
        if (option.startAt().isBefore(now)) {
            throw new ProblemException(ProblemType.QUOTE_EXPIRED, "option " + option.rank() + " was to start at "
                    + option.startAt() + ", which has passed; ask for a new quote");
        }
        boolean pending = option.legs().stream().anyMatch(Leg::requiresConfirmation);
        Commitment commitment = pending ? Commitment.HOLD : Commitment.BOOK;
        // Offers in id order, so that two bookings of the same offers lock them in the same order.
        List<Leg> legs = option.legs().stream().sorted(Comparator.comparing(Leg::offerId)).toList();
        List<UUID> offerIds = legs.stream().map(Leg::offerId).toList();

        Reservation reservation = new Reservation();
        reservation.id = Ids.newId("rsv");
        reservation.tenantId = tenantId;
        reservation.quoteId = option.quoteId();
        reservation.optionRank = option.rank();
        reservation.status = pending ? ReservationStatus.PENDING_PARTNER : ReservationStatus.CONFIRMED;
        reservation.gpuCount = legs.stream().mapToInt(Leg::gpuCount).sum();
        reservation.startAt = option.startAt();
        reservation.endAt = option.endAt();
        reservation.currency = option.currency();
        reservation.totalAmount = option.total();
        reservation.partnerDeadline = pending ? earliest(now.plus(config.partnerDecisionDeadline()), option.startAt()) : null;
        reservation.idempotencyKey = key;
        reservation.requestHash = hash;
        reservation.createdAt = now;
        reservation.updatedAt = now;
        List<Allocation> allocated = legs.stream().map(leg -> allocation(reservation, leg)).toList();
        Transition first = history.first(reservation, actor, now, pending ? "booked; waiting for the site to confirm" : "booked");
        ReservationView view = ReservationViews.of(reservation, allocated, List.of(first));

        // Subscribed together, the statements go out as one pipeline in this order. The slot rows,
        // where concurrent bookings of the same offer queue, come last, so they stay locked only
        // from their update to the commit; NOTIFY is delivered at commit wherever it stands.
        return pool.withTransaction(connection -> {
            List<Uni<Void>> statements = new ArrayList<>();
            statements.add(saleable.lockForSale(connection, offerIds, now));
            statements.add(ReservationRows.insert(connection, reservation));
            statements.add(ReservationRows.insert(connection, allocated));
            statements.add(history.begin(connection, reservation, first, view));
            statements.add(notifier.offersChanged(connection, offerIds));
            for (Leg leg : legs) {
                statements.add(ledger.take(connection, leg.offerId(), leg.startAt(), leg.endAt(),
                                leg.gpuCount(), commitment)
                        .invoke(shortage -> shortage.ifPresent(available -> {
                            throw shortage(leg, available);
                        }))
                        .replaceWithVoid());
            }
            return Uni.join().all(statements).andFailFast().map(done -> new Booked(view, false));
        });
    }

    private static ProblemException shortage(Leg leg, int available) {
        return new ProblemException(ProblemType.CAPACITY_CONFLICT,
                            "offer " + leg.offerId() + " has " + available + " GPUs free over the window, "
                                    + leg.gpuCount() + " requested; nothing was booked",
                            List.of(), Map.of("availability", List.of(Map.of(
                                    "offerId", leg.offerId().toString(), "startAt", leg.startAt().toString(),
                                    "endAt", leg.endAt().toString(), "requested", leg.gpuCount(),
                                    "available", available))));
    }

    private static Allocation allocation(Reservation reservation, Leg leg) {
        Allocation a = new Allocation();
        a.id = Ids.newId("alc");
        a.reservationId = reservation.id;
        a.offerId = leg.offerId();
        a.siteCode = leg.siteCode();
        a.partnerId = leg.partnerId();
        a.gpuModel = leg.gpuModel();
        a.gpuCount = leg.gpuCount();
        a.unitPrice = leg.unitPrice();
        a.offerCurrency = leg.offerCurrency();
        a.offerCurrencyAmount = leg.offerCurrencyTotal();
        a.amount = leg.total();
        a.requiresConfirmation = leg.requiresConfirmation();
        return a;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String fingerprint(BookingRequest request) {
        return Fingerprint.of(request.bookingToken());
    }
}
