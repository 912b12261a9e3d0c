package io.capacitybroker.portal.tenant;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.portal.web.FormErrors;
import io.capacitybroker.portal.web.FormValues;
import io.capacitybroker.portal.web.Pages;
import io.capacitybroker.quote.api.QuoteView;
import io.capacitybroker.quote.service.QuoteService;
import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The capacity request form and its ranked options, each with a booking form. */
@Path("/portal/tenant/quotes")
@RolesAllowed(Roles.TENANT)
@Produces(MediaType.TEXT_HTML)
public class QuotePortalResource {
    @CheckedTemplate(basePath = "tenant")
    static class Templates {
        static native TemplateInstance quoteForm(FormValues form, FormErrors errors, List<Integer> choices,
                                                 List<GpuModel> models, List<Jurisdiction> jurisdictions,
                                                 List<Certification> certifications);

        static native TemplateInstance quote(QuoteView quote, Map<Integer, String> bookingKeys, String error);
    }

    @Inject QuoteService quotes;
    @Inject Caller caller;
    @Inject Validator validator;
    @Inject Clock clock;

    @GET
    @Operation(hidden = true)
    public TemplateInstance form() {
        return formPage(QuoteForm.defaults(clock.instant()), FormErrors.none());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> request(MultivaluedMap<String, String> body) {
        FormValues form = new FormValues(body);
        return Uni.createFrom().item(() -> QuoteForm.toRequest(form, validator))
                .chain(request -> quotes.quote(caller.tenantId(), request))
                .map(quote -> Pages.seeOther("/portal/tenant/quotes/" + quote.id()))
                .onFailure(ProblemException.class)
                .recoverWithItem(e -> Pages.refused(formPage(form, FormErrors.of((ProblemException) e))));
    }

    @GET
    @Path("/{quoteId}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> options(@PathParam("quoteId") String quoteId) {
        return quotes.find(caller.tenantId(), quoteId).map(quote -> page(quote, ""));
    }

    /**
     * The options with a fresh Idempotency-Key in each booking form: a double click, or a second
     * tab with the same page, sends the same key, so the broker books once.
     */
    static TemplateInstance page(QuoteView quote, String error) {
        Map<Integer, String> keys = new TreeMap<>();
        quote.options().forEach(option -> keys.put(option.rank(), UUID.randomUUID().toString()));
        return Templates.quote(quote, keys, error);
    }

    private static TemplateInstance formPage(FormValues form, FormErrors errors) {
        return Templates.quoteForm(form, errors, IntStream.range(0, QuoteForm.MODEL_CHOICES).boxed().toList(),
                List.of(GpuModel.values()), List.of(Jurisdiction.values()), List.of(Certification.values()));
    }
}
