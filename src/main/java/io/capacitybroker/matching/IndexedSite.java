package io.capacitybroker.matching;

import java.time.Instant;
import java.util.Collection;

/**
 * A site as the index keeps it: the snapshot plus its certifications and sovereignty attributes
 * as bit masks, so that a request's requirements are checked with one AND per site. The ordinal
 * is a small dense number that lets a request keep its per-site verdicts in an array.
 */
record IndexedSite(SiteSnapshot snapshot, int ordinal, long certificationMask, long sovereigntyMask) {

    static IndexedSite of(SiteSnapshot snapshot, int ordinal) {
        return new IndexedSite(snapshot, ordinal, mask(snapshot.certifications()), mask(snapshot.sovereignty()));
    }

    static long mask(Collection<? extends Enum<?>> values) {
        long mask = 0;
        for (Enum<?> value : values) mask |= 1L << value.ordinal();
        return mask;
    }

    String siteId() { return snapshot.siteId(); }

    /** Heartbeats may arrive out of order; the latest one wins. */
    IndexedSite withHeartbeat(Instant at) {
        Instant current = snapshot.lastHeartbeat();
        if (current != null && !at.isAfter(current)) return this;
        SiteSnapshot s = snapshot;
        return of(new SiteSnapshot(s.siteId(), s.partnerId(), s.country(), s.jurisdiction(), s.certifications(),
                s.sovereignty(), s.reliability(), at), ordinal);
    }

    /** A new registration of the site keeps a later heartbeat than the one it carries. */
    IndexedSite replacedBy(SiteSnapshot update) {
        IndexedSite replacement = of(update, ordinal);
        Instant heartbeat = snapshot.lastHeartbeat();
        return heartbeat == null ? replacement : replacement.withHeartbeat(heartbeat);
    }
}
