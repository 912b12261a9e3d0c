package io.capacitybroker.catalog.service;

import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.catalog.api.OfferView;
import io.capacitybroker.catalog.api.SiteView;
import io.capacitybroker.catalog.domain.Offer;
import io.capacitybroker.catalog.domain.Site;
import io.capacitybroker.platform.money.Decimals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Entities never leave the catalogue: these are their wire forms. */
public final class CatalogMapper {
    private CatalogMapper() {}

    public static SiteView toView(Site site, Instant now, Duration staleAfter) {
        return new SiteView(site.partnerId, site.code, site.name, site.country, site.region, site.jurisdiction,
                List.of(site.certifications), List.of(site.sovereignty), site.reliability, site.lastHeartbeat,
                site.isLive(now, staleAfter) ? "LIVE" : "STALE");
    }

    public static OfferView toView(Offer offer, Site site) {
        GpuModel model = GpuModel.fromCode(offer.gpuModel);
        return new OfferView(offer.id.toString(), site.partnerId, site.code, offer.code, site.name, site.country,
                site.jurisdiction, List.of(site.certifications), List.of(site.sovereignty), offer.gpuModel,
                model.memoryGb(), model.interconnect(), offer.gpusPerNode, offer.totalGpus, offer.windowStart,
                offer.windowEnd, offer.currency, Decimals.normalized(offer.unitPrice),
                PriceTiers.fromJson(offer.priceTiers), offer.minTermHours, offer.minGpus, offer.requiresConfirmation,
                offer.sequence, offer.status.name());
    }
}
