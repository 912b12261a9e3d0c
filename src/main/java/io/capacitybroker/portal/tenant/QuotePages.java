package io.capacitybroker.portal.tenant;

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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The capacity request form and the options it gets. The form is sent with GET, so its options
 * page has a URL: a reload asks again, and after a refused booking the same request is asked
 * again, with fresh options under the reason (the broker keeps no quote to show again, ADR 0016).
 */
@ApplicationScoped
public class QuotePages {
    @CheckedTemplate(basePath = "tenant")
    static class Templates {
        static native TemplateInstance quoteForm(FormValues form, FormErrors errors, List<Integer> choices,
                                                 List<GpuModel> models, List<Jurisdiction> jurisdictions,
                                                 List<Certification> certifications, String bookingError);

        static native TemplateInstance quote(QuoteView quote, Map<Integer, String> bookingKeys, String request, String error);
    }

    @Inject QuoteService quotes;
    @Inject Validator validator;

    TemplateInstance form(FormValues form, FormErrors errors) {
        return form(form, errors, "");
    }

    /** The form, with why a booking was refused above it when the request behind it no longer holds (its window has passed). */
    private TemplateInstance form(FormValues form, FormErrors errors, String bookingError) {
        return Templates.quoteForm(form, errors, IntStream.range(0, QuoteForm.MODEL_CHOICES).boxed().toList(),
                List.of(GpuModel.values()), List.of(Jurisdiction.values()), List.of(Certification.values()), bookingError);
    }

    /**
     * The options for the request in {@code rawQuery}, with {@code error} above them when a booking
     * was refused; the form with its messages when the request is refused.
     */
    Uni<Response> options(String tenantId, String rawQuery, String error) {
        String query = rawQuery == null ? "" : rawQuery;
        FormValues form = FormValues.ofQuery(query);
        return Uni.createFrom().item(() -> QuoteForm.toRequest(form, validator))
                .chain(request -> quotes.quote(tenantId, request))
                .map(quote -> {
                    TemplateInstance page = page(quote, query, error);
                    return error.isEmpty() ? Response.ok(page).build() : Pages.refused(page);
                })
                .onFailure(ProblemException.class)
                .recoverWithItem(e -> Pages.refused(form(form, FormErrors.of((ProblemException) e), error)));
    }

    /**
     * A fresh Idempotency-Key in each booking form: a double click, or a second tab with the same
     * page, sends the same key, so the broker books once.
     */
    private static TemplateInstance page(QuoteView quote, String query, String error) {
        Map<Integer, String> keys = new TreeMap<>();
        quote.options().forEach(option -> keys.put(option.rank(), UUID.randomUUID().toString()));
        return Templates.quote(quote, keys, query, error);
    }
}
