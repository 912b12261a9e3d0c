package io.capacitybroker.portal.partner;

import io.capacitybroker.catalog.api.OfferView;
import io.capacitybroker.catalog.api.PublishResult;
import io.capacitybroker.catalog.api.SiteView;
import io.capacitybroker.catalog.service.CatalogService;
import io.capacitybroker.catalog.service.PartnerInventory;
import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.portal.web.FormErrors;
import io.capacitybroker.portal.web.FormValues;
import io.capacitybroker.portal.web.Pages;
import io.capacitybroker.vocabulary.GpuModel;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The partner's offers: publish a new one, change one (a new sequence), withdraw one. */
@Path("/portal/partner/offers")
@RolesAllowed(Roles.PARTNER)
@Produces(MediaType.TEXT_HTML)
public class OfferPortalResource {
    @CheckedTemplate(basePath = "partner")
    static class Templates {
        static native TemplateInstance offers(List<OfferView> offers, List<SiteView> sites, String notice);

        static native TemplateInstance offerForm(FormValues form, FormErrors errors, List<SiteView> sites,
                                                 List<GpuModel> models, boolean editing);
    }

    @Inject CatalogService catalog;
    @Inject PartnerInventory inventory;
    @Inject Caller caller;
    @Inject Validator validator;
    @Inject Clock clock;

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> list(@QueryParam("notice") String notice) {
        String partner = caller.partnerId();
        return inventory.offers(partner).chain(offers -> inventory.sites(partner)
                .map(sites -> Templates.offers(offers, sites, notice == null ? "" : notice)));
    }

    @GET
    @Path("/new")
    @Operation(hidden = true)
    public Uni<TemplateInstance> blank() {
        return inventory.sites(caller.partnerId()).map(sites -> Templates.offerForm(
                OfferForm.blank(clock.instant(), sites.isEmpty() ? "" : sites.get(0).siteId()), FormErrors.none(), sites,
                List.of(GpuModel.values()), false));
    }

    @GET
    @Path("/{siteId}/{offerId}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> edit(@PathParam("siteId") String siteId, @PathParam("offerId") String offerId) {
        String partner = caller.partnerId();
        return inventory.offers(partner).chain(offers -> {
            OfferView offer = offers.stream().filter(o -> o.siteId().equals(siteId) && o.offerId().equals(offerId))
                    .findFirst().orElseThrow(() -> ProblemException.notFound("offer " + offerId));
            return inventory.sites(partner).map(sites -> Templates.offerForm(OfferForm.of(offer), FormErrors.none(), sites,
                    List.of(GpuModel.values()), true));
        });
    }

    /** Publishes through the same service, rules and audit as PUT .../offers/{offerId}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> publish(MultivaluedMap<String, String> body) {
        FormValues form = new FormValues(body);
        String partner = caller.partnerId();
        return Uni.createFrom().item(() -> OfferForm.toRequest(form, validator))
                .chain(request -> catalog.publishOffer(partner, form.text("siteId"), form.text("offerId"), request, caller.actor()))
                .map(result -> Pages.seeOther("/portal/partner/offers?notice=" + notice(result, "published")))
                .onFailure(ProblemException.class).recoverWithUni(e -> inventory.sites(partner).map(sites -> Pages.refused(
                        Templates.offerForm(form, FormErrors.of((ProblemException) e), sites, List.of(GpuModel.values()),
                                form.has("editing", "true")))));
    }

    @POST
    @Path("/{siteId}/{offerId}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> withdraw(@PathParam("siteId") String siteId, @PathParam("offerId") String offerId,
                                  MultivaluedMap<String, String> body) {
        Violations violations = new Violations();
        Integer sequence = new FormValues(body).integer("sequence", violations);
        violations.throwIfAny();
        return catalog.withdrawOffer(caller.partnerId(), siteId, offerId, sequence == null ? null : sequence.longValue(),
                        caller.actor())
                .map(result -> Pages.seeOther("/portal/partner/offers?notice=" + notice(result, "withdrawn")));
    }

    private static String notice(PublishResult result, String done) {
        String text = PublishResult.APPLIED.equals(result.outcome())
                ? "Offer " + result.offer().offerId() + " " + done + " (sequence " + result.storedSequence() + ")."
                : "Offer " + result.offer().offerId() + " was changed meanwhile (sequence " + result.storedSequence()
                        + "): nothing was " + done + ". Open it again to see the current version.";
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
