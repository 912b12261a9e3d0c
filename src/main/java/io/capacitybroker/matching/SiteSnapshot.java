package io.capacitybroker.matching;

import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What the matching engine knows about a partner site.
 *
 * @param reliability    share of delivered hours over promised hours, 0..1; a tie-breaker in ranking
 * @param lastHeartbeat  null when the site never sent one; such a site is stale and sells nothing
 */
public record SiteSnapshot(
        String siteId,
        String partnerId,
        String country,
        Jurisdiction jurisdiction,
        Set<Certification> certifications,
        Set<SovereigntyAttribute> sovereignty,
        double reliability,
        Instant lastHeartbeat) {

    public SiteSnapshot {
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
        certifications = Set.copyOf(certifications);
        sovereignty = Set.copyOf(sovereignty);
        if (!(reliability >= 0 && reliability <= 1)) {
            throw new IllegalArgumentException("reliability must be within 0..1, was " + reliability);
        }
    }
}
