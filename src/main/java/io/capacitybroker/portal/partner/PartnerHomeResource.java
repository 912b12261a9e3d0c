package io.capacitybroker.portal.partner;

import io.capacitybroker.catalog.api.SiteCapacityView;
import io.capacitybroker.catalog.api.SiteView;
import io.capacitybroker.catalog.service.PartnerInventory;
import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.portal.chart.BarChart;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The partner's sites with status and last heartbeat, and each site's capacity over the coming weeks. */
@Path("/portal/partner")
@RolesAllowed(Roles.PARTNER)
@Produces(MediaType.TEXT_HTML)
public class PartnerHomeResource {
    static final int CHART_DAYS = 28;

    @CheckedTemplate(basePath = "partner")
    static class Templates {
        static native TemplateInstance home(String partnerId, List<SiteView> sites, List<SiteChart> charts);
    }

    /** One site's chart and the numbers behind it. */
    public record SiteChart(SiteCapacityView site, String svg) {}

    @Inject PartnerInventory inventory;
    @Inject Caller caller;
    @Inject Clock clock;

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> home() {
        String partner = caller.partnerId();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<LocalDate> days = BarChart.days(today, CHART_DAYS);
        return inventory.sites(partner).chain(sites -> inventory.capacityPerDay(partner, today, CHART_DAYS)
                .map(capacity -> Templates.home(partner, sites, capacity.stream()
                        .map(site -> new SiteChart(site, BarChart.svg("GPU-hours on sale and booked per day at " + site.siteName(),
                                days, List.of(new BarChart.Series("On sale", "available", site.onSale()),
                                        new BarChart.Series("Held or booked", "booked", site.committed())))))
                        .toList())));
    }
}
