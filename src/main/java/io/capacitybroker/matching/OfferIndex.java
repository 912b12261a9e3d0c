package io.capacitybroker.matching;

import io.capacitybroker.platform.money.ExchangeRates;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory matching engine: sites, offers and their usage, fed by change notifications,
 * searched by quote requests.
 *
 * <p>Thread-safe. Writers take one lock and publish immutable values; readers take no lock. An
 * offer, together with its usage, is one immutable {@link OfferState} behind a volatile
 * reference, so a reader sees each offer either before or after an update, never half of it.
 * The index may lag the database briefly; a quote is a promise to try, and the booking is
 * decided by the ledger.
 */
public final class OfferIndex {
    private final Object writeLock = new Object();
    private final Map<String, IndexedSite> sites = new ConcurrentHashMap<>();
    private final Map<String, OfferSlot> offers = new ConcurrentHashMap<>();
    private volatile Buckets buckets = Buckets.EMPTY;
    private volatile int siteOrdinalBound;
    // Only touched under writeLock.
    private final Map<String, UsageProfile> usageByOffer = new HashMap<>();
    private final Map<String, Set<String>> offerIdsBySite = new HashMap<>();
    private final BitSet siteOrdinalsInUse = new BitSet();

    /** Registers or replaces a site; its offers move to the buckets of its (new) jurisdiction. */
    public void upsertSite(SiteSnapshot site) {
        Objects.requireNonNull(site, "site");
        synchronized (writeLock) {
            IndexedSite current = sites.get(site.siteId());
            IndexedSite updated = current == null ? IndexedSite.of(site, allocateSiteOrdinal()) : current.replacedBy(site);
            sites.put(site.siteId(), updated);
            if (current == null || current.snapshot().jurisdiction() != site.jurisdiction()) {
                reindexOffersOf(updated);
            }
        }
    }

    /** Removes a site and all its offers. */
    public void removeSite(String siteId) {
        synchronized (writeLock) {
            IndexedSite removed = sites.remove(siteId);
            for (String offerId : Set.copyOf(offerIdsBySite.getOrDefault(siteId, Set.of()))) {
                removeOffer(offerId);
            }
            if (removed != null) siteOrdinalsInUse.clear(removed.ordinal());
        }
    }

    /** Publishes or replaces an offer; it keeps the usage last given for its id. */
    public void upsertOffer(OfferSnapshot offer) {
        Objects.requireNonNull(offer, "offer");
        synchronized (writeLock) {
            OfferState updated = OfferState.of(offer, sites.get(offer.siteId()),
                    usageByOffer.getOrDefault(offer.offerId(), UsageProfile.NONE));
            OfferSlot slot = offers.get(offer.offerId());
            if (slot == null) {
                slot = new OfferSlot(updated);
                offers.put(offer.offerId(), slot);
                buckets = indexed(buckets, slot, updated);
            } else {
                unlinkFromSite(offer.offerId(), slot.get().offer().siteId());
                replace(slot, updated);
            }
            offerIdsBySite.computeIfAbsent(offer.siteId(), id -> new HashSet<>()).add(offer.offerId());
        }
    }

    /** Withdraws an offer and forgets its usage. */
    public void removeOffer(String offerId) {
        synchronized (writeLock) {
            usageByOffer.remove(offerId);
            OfferSlot slot = offers.remove(offerId);
            if (slot == null) return;
            OfferState state = slot.get();
            buckets = unindexed(buckets, slot, state);
            unlinkFromSite(offerId, state.offer().siteId());
        }
    }

    /** Removes every offer whose id is not in {@code liveOfferIds}: what a full reload no longer finds. */
    public void retainOffers(Set<String> liveOfferIds) {
        synchronized (writeLock) {
            for (String offerId : Set.copyOf(offers.keySet())) {
                if (!liveOfferIds.contains(offerId)) removeOffer(offerId);
            }
        }
    }

    /**
     * Replaces (never merges) the held plus booked GPUs per slot hour of an offer; absent slots are
     * unused. Usage given before its offer is kept for it.
     */
    public void replaceUsage(String offerId, Map<Long, Integer> usedGpusBySlotHour) {
        UsageProfile usage = UsageProfile.of(usedGpusBySlotHour);
        synchronized (writeLock) {
            usageByOffer.put(offerId, usage);
            OfferSlot slot = offers.get(offerId);
            if (slot != null) slot.set(slot.get().withUsage(usage));
        }
    }

    /** Records a heartbeat of a known site; heartbeats of unknown sites are ignored. */
    public void heartbeat(String siteId, Instant at) {
        Objects.requireNonNull(at, "at");
        synchronized (writeLock) {
            sites.computeIfPresent(siteId, (id, site) -> site.withHeartbeat(at));
        }
    }

    /** Number of offers held, including those whose site is not (yet) known. */
    public int size() {
        return offers.size();
    }

    /**
     * Ranked options for a request; empty when nothing satisfies every hard constraint. Split
     * options are only looked for when the request allows them and no single offer fits.
     */
    public List<QuoteOption> match(MatchRequest request, Instant now, Duration staleAfter, ExchangeRates rates) {
        Buckets snapshot = buckets;
        EligibleSites eligible = EligibleSites.of(sites.values(), siteOrdinalBound, request, now, staleAfter);
        MatchContext context = new MatchContext(request, eligible, rates);
        List<Candidate> best = SingleOfferSearch.search(context, snapshot);
        if (best.isEmpty() && request.allowSplit()) best = SplitSearch.search(context, snapshot);
        return Ranking.toOptions(best, request);
    }

    /**
     * The GPUs of an offer free in every slot of [startHour, endHour), never negative; slots
     * outside the offer's window have none. Empty for an unknown offer.
     */
    public OptionalInt available(String offerId, long startHour, long endHour) {
        if (endHour <= startHour) throw new IllegalArgumentException("empty interval");
        OfferSlot slot = offers.get(offerId);
        return slot == null ? OptionalInt.empty() : OptionalInt.of(slot.get().available(startHour, endHour));
    }

    private int allocateSiteOrdinal() {
        int ordinal = siteOrdinalsInUse.nextClearBit(0);
        siteOrdinalsInUse.set(ordinal);
        siteOrdinalBound = Math.max(siteOrdinalBound, ordinal + 1);
        return ordinal;
    }

    private void reindexOffersOf(IndexedSite site) {
        for (String offerId : offerIdsBySite.getOrDefault(site.siteId(), Set.of())) {
            OfferSlot slot = offers.get(offerId);
            replace(slot, slot.get().withSite(site));
        }
    }

    /** Swaps an offer's state and, if its place in the buckets changes, moves it in one published step. */
    private void replace(OfferSlot slot, OfferState updated) {
        OfferState previous = slot.get();
        slot.set(updated);
        if (!previous.isShelvedLike(updated)) buckets = indexed(unindexed(buckets, slot, previous), slot, updated);
    }

    private static Buckets indexed(Buckets from, OfferSlot slot, OfferState state) {
        return state.isIndexed() ? from.with(state, slot) : from;
    }

    private static Buckets unindexed(Buckets from, OfferSlot slot, OfferState state) {
        return state.isIndexed() ? from.without(state, slot) : from;
    }

    private void unlinkFromSite(String offerId, String siteId) {
        Set<String> ids = offerIdsBySite.get(siteId);
        if (ids == null) return;
        ids.remove(offerId);
        if (ids.isEmpty()) offerIdsBySite.remove(siteId);
    }
}
