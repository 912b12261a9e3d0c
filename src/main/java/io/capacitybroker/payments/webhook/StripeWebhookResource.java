package io.capacitybroker.payments.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capacitybroker.payments.StripeConfig;
import io.capacitybroker.payments.StripeWebhookVerifier;
import io.capacitybroker.platform.error.FieldError;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Stripe's webhook endpoint. No bearer token: the signature is the authentication, checked over the
 * raw body before anything else is read (a forged or stale event is 400 and changes nothing).
 */
@Path("/webhooks/stripe")
@Tag(name = "Webhooks", description = "Events from the payment provider")
@PermitAll
public class StripeWebhookResource {
    static final String SIGNATURE = "Stripe-Signature";

    @Inject StripeConfig config;
    @Inject StripeWebhookVerifier verifier;
    @Inject StripeWebhooks webhooks;
    @Inject ObjectMapper json;

    @Schema(name = "WebhookReceipt")
    public record Receipt(String eventId, String type, String outcome) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "receiveStripeEvent", summary = "A Stripe event (signed by Stripe)",
            description = "Verified with the endpoint's signing secret and a timestamp tolerance; each event id takes effect "
                    + "once (a redelivery is 200 with outcome DUPLICATE). invoice.paid and invoice.payment_succeeded mark "
                    + "the invoice paid, invoice.payment_failed marks it failed unless it is paid, transfer.created "
                    + "confirms a payout, transfer.reversed reverses it (docs/billing.md).")
    public Uni<Receipt> receiveStripeEvent(
            @HeaderParam(SIGNATURE) @Parameter(description = "Stripe's signature: t=<unix time>,v1=<HMAC-SHA256>") String signature,
            @RequestBody(content = @org.eclipse.microprofile.openapi.annotations.media.Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(description = "A Stripe event object")))
            String payload) {
        verify(payload, signature);
        StripeEvent event = parse(payload);
        return webhooks.accept(event).map(outcome -> new Receipt(event.id(), event.type(), outcome));
    }

    private void verify(String payload, String signature) {
        if (config.webhookSecret().isEmpty()) {
            throw new ProblemException(ProblemType.NOT_CONFIGURED,
                    "no webhook signing secret configured (broker.stripe.webhook-secret): events cannot be verified");
        }
        try {
            verifier.verify(payload == null ? "" : payload, signature);
        } catch (StripeWebhookVerifier.InvalidSignature e) {
            throw new ProblemException(ProblemType.WEBHOOK_SIGNATURE_INVALID, e.getMessage(),
                    List.of(new FieldError(SIGNATURE, e.getMessage())), Map.of());
        }
    }

    /** Signed by Stripe, so well-formed; still, an event without id or type is refused rather than guessed. */
    private StripeEvent parse(String payload) {
        try {
            JsonNode event = json.readTree(payload);
            String id = event.path("id").asText("");
            String type = event.path("type").asText("");
            JsonNode object = event.path("data").path("object");
            if (id.isEmpty() || type.isEmpty() || !object.isObject()) {
                throw ProblemException.invalid("body", "a Stripe event has an id, a type and data.object");
            }
            return new StripeEvent(id, type, object);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid("body", "not JSON: " + e.getOriginalMessage());
        }
    }
}
