package io.capacitybroker.matching;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The sites a request may buy from, decided once per request (there are few sites and many
 * offers) and kept by site ordinal so that each offer's check is one array read.
 */
final class EligibleSites {
    private final IndexedSite[] byOrdinal;

    private EligibleSites(IndexedSite[] byOrdinal) {
        this.byOrdinal = byOrdinal;
    }

    static EligibleSites of(Collection<IndexedSite> sites, int ordinalBound, MatchRequest request,
                            Instant now, Duration staleAfter) {
        Instant freshSince = now.minus(staleAfter);
        long requiredCertifications = IndexedSite.mask(request.requiredCertifications());
        long requiredSovereignty = IndexedSite.mask(request.requiredSovereignty());
        IndexedSite[] byOrdinal = new IndexedSite[ordinalBound];
        for (IndexedSite site : sites) {
            // A site registered after ordinalBound was read is simply not offered this time.
            if (site.ordinal() < ordinalBound
                    && isFresh(site, freshSince)
                    && (site.certificationMask() & requiredCertifications) == requiredCertifications
                    && (site.sovereigntyMask() & requiredSovereignty) == requiredSovereignty
                    && isPlaceAllowed(site.snapshot(), request)) {
                byOrdinal[site.ordinal()] = site;
            }
        }
        return new EligibleSites(byOrdinal);
    }

    private static boolean isFresh(IndexedSite site, Instant freshSince) {
        Instant heartbeat = site.snapshot().lastHeartbeat();
        return heartbeat != null && !heartbeat.isBefore(freshSince);
    }

    private static boolean isPlaceAllowed(SiteSnapshot site, MatchRequest request) {
        return (request.allowedJurisdictions().isEmpty() || request.allowedJurisdictions().contains(site.jurisdiction()))
                && (request.allowedCountries().isEmpty() || request.allowedCountries().contains(site.country()))
                && !request.deniedCountries().contains(site.country());
    }

    /**
     * The offer's site if it is eligible, else null. The id check matters because ordinals are
     * reused: an offer of a removed site may still be in a bucket this reader is walking.
     */
    IndexedSite siteOf(OfferState offer) {
        int ordinal = offer.siteOrdinal();
        if (ordinal < 0 || ordinal >= byOrdinal.length) return null;
        IndexedSite site = byOrdinal[ordinal];
        return site != null && site.siteId().equals(offer.offer().siteId()) ? site : null;
    }
}
