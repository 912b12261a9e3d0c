package io.capacitybroker.catalog.api;

import io.capacitybroker.catalog.service.OfferFilter;
import io.capacitybroker.catalog.service.OfferSearch;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.QueryParams;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/offers")
@Tag(name = "Catalogue", description = "Search what partners publish")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.TENANT, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class OfferSearchResource {
    @Inject OfferSearch search;

    @GET
    @Operation(operationId = "searchOffers", summary = "Search live offers",
            description = "Lists live offers of sites with fresh heartbeats, cheapest first. List parameters may be "
                    + "repeated. `maxPrice` is per GPU-hour in `currency`, compared at the broker's exchange rates.")
    public Uni<OfferPage> searchOffers(@QueryParam("gpuModel") List<String> gpuModels,
                                       @QueryParam("minGpus") @Min(1) @Max(100000) Integer minGpus,
                                       @QueryParam("country") List<String> countries,
                                       @QueryParam("excludeCountry") List<String> excludedCountries,
                                       @QueryParam("jurisdiction") List<String> jurisdictions,
                                       @QueryParam("excludeJurisdiction") List<String> excludedJurisdictions,
                                       @QueryParam("certification") List<String> certifications,
                                       @QueryParam("maxPrice") @DecimalMin(value = "0", inclusive = false) BigDecimal maxPrice,
                                       @QueryParam("currency") @DefaultValue("USD") String currency,
                                       @QueryParam("from") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String fromParam,
                                       @QueryParam("until") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time")) String untilParam,
                                       @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10000) int page,
                                       @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        Instant from = QueryParams.instant("from", fromParam);
        Instant until = QueryParams.instant("until", untilParam);
        return search.search(OfferFilter.checked(gpuModels, minGpus, countries, excludedCountries, jurisdictions,
                excludedJurisdictions, certifications, maxPrice, currency, from, until, page, size));
    }
}
