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
import io.capacitybroker.quote.api.QuoteLeg;
import io.capacitybroker.quote.api.QuoteOptionView;
import io.capacitybroker.quote.service.QuoteService;
import io.capacitybroker.reservation.api.BookingRequest;
import io.capacitybroker.reservation.api.ReservationView;
import io.capacitybroker.reservation.domain.Allocation;
import io.capacitybroker.reservation.domain.Reservation;
import io.capacitybroker.reservation.domain.ReservationStatus;
import io.capacitybroker.reservation.store.AllocationRepository;
import io.capacitybroker.reservation.store.ReservationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Books a quote option: all of its legs are taken on the ledger in one transaction, or none.
 * The same Idempotency-Key with the same request returns the first reservation; with another
 * request it is refused. A concurrent retry of the same key loses the race on the unique index
 * and then replays the winner's reservation.
 */
@ApplicationScoped
public class BookingService {
    private static final Logger LOG = Logger.getLogger(BookingService.class);
    /** A deadlock between bookings is resolved by PostgreSQL aborting one; it is simply retried. */
    private static final int ATTEMPTS = 3;

    @Inject QuoteService quotes;
    @Inject SaleableOffers saleable;
    @Inject CapacityLedger ledger;
    @Inject ReservationRepository reservations;
    @Inject AllocationRepository allocations;
    @Inject ReservationHistory history;
    @Inject ReservationViews views;
    @Inject ChangeNotifier notifier;
    @Inject BrokerConfig config;
    @Inject BrokerMetrics metrics;
    @Inject Clock clock;

    public record Booked(ReservationView reservation, boolean replayed) {}

    public Uni<Booked> book(String tenantId, String idempotencyKey, BookingRequest request, String actor) {
        String hash = fingerprint(request);
        return Panache.withTransaction(() -> replayOrBook(tenantId, idempotencyKey, hash, request, actor))
                .onFailure(PgErrors::isDeadlock).retry().atMost(ATTEMPTS - 1)
                .onFailure(PgErrors::isUniqueViolation).recoverWithUni(() ->
                        Panache.withSession(() -> replay(tenantId, idempotencyKey, hash)))
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

    private Uni<Booked> replayOrBook(String tenantId, String key, String hash, BookingRequest request, String actor) {
        return reservations.find("tenantId = ?1 and idempotencyKey = ?2", tenantId, key).firstResult()
                .chain(existing -> existing != null
                        ? replayed(existing, hash)
                        : quotes.bookableOption(tenantId, request.quoteId(), request.optionRank())
                                .chain(option -> create(tenantId, key, hash, request, option, actor)));
    }

    private Uni<Booked> replay(String tenantId, String key, String hash) {
        return reservations.find("tenantId = ?1 and idempotencyKey = ?2", tenantId, key).singleResult()
                .chain(existing -> replayed(existing, hash));
    }

    private Uni<Booked> replayed(Reservation existing, String hash) {
        if (!existing.requestHash.equals(hash)) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for another booking request (reservation " + existing.id + ")");
        }
        return views.forTenant(existing).map(view -> new Booked(view, true));
    }

    private Uni<Booked> create(String tenantId, String key, String hash, BookingRequest request, QuoteOptionView option,
                               String actor) {
        Instant now = clock.instant();
        if (option.startAt().isBefore(now)) {
            throw new ProblemException(ProblemType.QUOTE_EXPIRED, "option " + option.rank() + " was to start at "
                    + option.startAt() + ", which has passed; ask for a new quote");
        }
        boolean pending = option.legs().stream().anyMatch(QuoteLeg::requiresConfirmation);
        Commitment commitment = pending ? Commitment.HOLD : Commitment.BOOK;
        // Offers in id order, so that two bookings of the same offers lock them in the same order.
        List<QuoteLeg> legs = option.legs().stream().sorted(Comparator.comparing(QuoteLeg::offerId)).toList();

        Reservation reservation = new Reservation();
        reservation.id = Ids.newId("rsv");
        reservation.tenantId = tenantId;
        reservation.quoteId = request.quoteId();
        reservation.optionRank = option.rank();
        reservation.status = pending ? ReservationStatus.PENDING_PARTNER : ReservationStatus.CONFIRMED;
        reservation.gpuCount = legs.stream().mapToInt(QuoteLeg::gpuCount).sum();
        reservation.startAt = option.startAt();
        reservation.endAt = option.endAt();
        reservation.currency = option.currency();
        reservation.totalAmount = option.total();
        reservation.partnerDeadline = pending ? earliest(now.plus(config.partnerDecisionDeadline()), option.startAt()) : null;
        reservation.idempotencyKey = key;
        reservation.requestHash = hash;
        reservation.createdAt = now;
        reservation.updatedAt = now;

        // The reservation's rows are written before the ledger is touched, so that the slot rows,
        // where concurrent bookings of the same offer queue, stay locked only from their update to
        // the commit (Hibernate flushes the pending inserts before the ledger's first statement).
        return Panache.getSession().chain(session -> {
            Map<String, UUID> siteOfOffer = new HashMap<>();
            Map<String, Integer> capacityOfOffer = new HashMap<>();
            Uni<Void> checked = Uni.createFrom().voidItem();
            for (QuoteLeg leg : legs) {
                checked = checked.chain(() -> saleable.lockForSale(session, UUID.fromString(leg.offerId()), now)).invoke(offer -> {
                    siteOfOffer.put(leg.offerId(), offer.siteId());
                    capacityOfOffer.put(leg.offerId(), offer.capacity());
                }).replaceWithVoid();
            }
            return checked
                    .chain(() -> reservations.persist(reservation))
                    .chain(() -> persistAllocations(reservation, legs, siteOfOffer))
                    .chain(allocated -> history.begin(reservation, allocated, actor, now,
                                    pending ? "booked; waiting for the site to confirm" : "booked")
                            // NOTIFY is delivered at commit whatever its place in the transaction: sent
                            // first, it keeps a round trip out of the time the slot rows stay locked.
                            .call(() -> notifyAll(session, legs))
                            .call(() -> takeAll(session, legs, capacityOfOffer, commitment))
                            .map(first -> new Booked(ReservationViews.of(reservation, allocated, List.of(first)), false)));
        });
    }

    /** Takes every leg's GPUs, in offer id order; a shortage on any fails the whole booking. */
    private Uni<Void> takeAll(Mutiny.Session session, List<QuoteLeg> legs, Map<String, Integer> capacityOfOffer,
                              Commitment commitment) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (QuoteLeg leg : legs) {
            chain = chain.chain(() -> ledger.take(session, UUID.fromString(leg.offerId()), capacityOfOffer.get(leg.offerId()),
                            leg.startAt(), leg.endAt(), leg.gpuCount(), commitment))
                    .invoke(shortage -> shortage.ifPresent(available -> {
                        throw shortage(leg, available);
                    }))
                    .replaceWithVoid();
        }
        return chain;
    }

    private static ProblemException shortage(QuoteLeg leg, int available) {
        return new ProblemException(ProblemType.CAPACITY_CONFLICT,
                            "offer " + leg.offerId() + " has " + available + " GPUs free over the window, "
                                    + leg.gpuCount() + " requested; nothing was booked",
                            List.of(), Map.of("availability", List.of(Map.of(
                                    "offerId", leg.offerId(), "startAt", leg.startAt().toString(),
                                    "endAt", leg.endAt().toString(), "requested", leg.gpuCount(),
                                    "available", available))));
    }

    private Uni<List<Allocation>> persistAllocations(Reservation reservation, List<QuoteLeg> legs,
                                                     Map<String, UUID> siteOfOffer) {
        List<Allocation> allocated = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (QuoteLeg leg : legs) {
            Allocation a = new Allocation();
            a.id = Ids.newId("alc");
            a.reservationId = reservation.id;
            a.offerId = UUID.fromString(leg.offerId());
            a.siteId = siteOfOffer.get(leg.offerId());
            a.siteCode = leg.siteId();
            a.partnerId = leg.partnerId();
            a.gpuModel = leg.gpuModel();
            a.gpuCount = leg.gpuCount();
            a.unitPrice = leg.unitPrice();
            a.offerCurrency = leg.offerCurrency();
            a.offerCurrencyAmount = leg.offerCurrencyTotal();
            a.amount = leg.total();
            a.requiresConfirmation = leg.requiresConfirmation();
            allocated.add(a);
            chain = chain.chain(() -> allocations.persist(a).replaceWithVoid());
        }
        return chain.replaceWith(allocated);
    }

    private Uni<Void> notifyAll(Mutiny.Session session, List<QuoteLeg> legs) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (QuoteLeg leg : legs) {
            chain = chain.chain(() -> notifier.offerChanged(session, UUID.fromString(leg.offerId())));
        }
        return chain;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String fingerprint(BookingRequest request) {
        return Fingerprint.of(request.quoteId(), String.valueOf(request.optionRank()));
    }
}
