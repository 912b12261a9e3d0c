package io.capacitybroker.portal.tenant;

import io.capacitybroker.billing.service.UsageService;
import io.capacitybroker.catalog.api.OfferPage;
import io.capacitybroker.catalog.service.OfferFilter;
import io.capacitybroker.catalog.service.OfferSearch;
import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.portal.chart.BarChart;
import io.capacitybroker.portal.web.FormErrors;
import io.capacitybroker.portal.web.FormValues;
import io.capacitybroker.reservation.api.ReservationPage;
import io.capacitybroker.reservation.service.ReservationService;
import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The tenant's overview (GPU-hours booked and used per day, latest reservations) and the offer search. */
@Path("/portal/tenant")
@RolesAllowed(Roles.TENANT)
@Produces(MediaType.TEXT_HTML)
public class TenantHomeResource {
    /** The chart shows two weeks back and two weeks ahead of today. */
    static final int DAYS_BACK = 13;
    static final int CHART_DAYS = 28;
    static final int OFFERS_PER_PAGE = 50;

    @CheckedTemplate(basePath = "tenant")
    static class Templates {
        static native TemplateInstance home(String chart, List<DayRow> days, ReservationPage latest);

        static native TemplateInstance offers(FormValues form, FormErrors errors, OfferPage results, List<GpuModel> models,
                                              List<Jurisdiction> jurisdictions, List<Certification> certifications);
    }

    /** One day of the chart's table: the same numbers as the bars, for readers who cannot see them. */
    public record DayRow(LocalDate day, BigDecimal booked, BigDecimal used) {}

    @Inject ReservationService reservations;
    @Inject UsageService usage;
    @Inject OfferSearch search;
    @Inject Caller caller;
    @Inject Clock clock;

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> home() {
        String tenant = caller.tenantId();
        LocalDate from = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(DAYS_BACK);
        List<LocalDate> days = BarChart.days(from, CHART_DAYS);
        return reservations.bookedGpuHoursPerDay(tenant, from, CHART_DAYS)
                .chain(booked -> usage.usedGpuHoursPerDay(tenant, from, CHART_DAYS)
                        .chain(used -> reservations.tenantReservations(tenant, null, 0, 5)
                                .map(latest -> Templates.home(chart(days, booked, used), rows(days, booked, used), latest))));
    }

    @GET
    @Path("/offers")
    @Operation(hidden = true)
    public Uni<TemplateInstance> offers(@Context UriInfo uri) {
        FormValues form = new FormValues(uri.getQueryParameters());
        FormErrors errors = FormErrors.none();
        OfferFilter filter;
        try {
            Violations violations = new Violations();
            Integer minGpus = form.integer("minGpus", violations);
            BigDecimal maxPrice = form.decimal("maxPrice", violations);
            violations.throwIfAny();
            String currency = form.text("currency").isEmpty() ? "USD" : form.text("currency");
            filter = OfferFilter.checked(form.all("gpuModel"), minGpus, form.all("country"), List.of(),
                    form.all("jurisdiction"), List.of(), form.all("certification"), maxPrice, currency, null, null, 0,
                    OFFERS_PER_PAGE);
        } catch (ProblemException refused) {
            return Uni.createFrom().item(offersPage(form, FormErrors.of(refused), null));
        }
        return search.search(filter).map(results -> offersPage(form, errors, results))
                .onFailure(ProblemException.class)
                .recoverWithItem(e -> offersPage(form, FormErrors.of((ProblemException) e), null));
    }

    private static TemplateInstance offersPage(FormValues form, FormErrors errors, OfferPage results) {
        return Templates.offers(form, errors, results, List.of(GpuModel.values()), List.of(Jurisdiction.values()),
                List.of(Certification.values()));
    }

    private static String chart(List<LocalDate> days, SortedMap<LocalDate, BigDecimal> booked,
                                SortedMap<LocalDate, BigDecimal> used) {
        return BarChart.svg("GPU-hours booked and used per day", days,
                List.of(new BarChart.Series("Booked", "booked", booked), new BarChart.Series("Used", "used", used)));
    }

    private static List<DayRow> rows(List<LocalDate> days, SortedMap<LocalDate, BigDecimal> booked,
                                     SortedMap<LocalDate, BigDecimal> used) {
        return days.stream().filter(d -> booked.containsKey(d) || used.containsKey(d))
                .map(d -> new DayRow(d, booked.getOrDefault(d, BigDecimal.ZERO), used.getOrDefault(d, BigDecimal.ZERO)))
                .toList();
    }
}
