package io.capacitybroker.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capacitybroker.platform.error.FieldError;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.vertx.SafeContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The common part of the partner-topic consumers: parse the CloudEvent, run the same service the
 * REST API runs (in a Vert.x context fit for Hibernate Reactive), and sort failures. A refusal (bad
 * event, invalid data, a business rule) fails at once with a {@link RejectedEvent}, which the
 * channel's dead-letter strategy sends to {@code <topic>.dlq} with the reason; anything else (the
 * database unreachable) is retried a few times first. Either way the consumer goes on with the
 * next record.
 */
@ApplicationScoped
public class InboundEvents {
    private static final Logger LOG = Logger.getLogger(InboundEvents.class);
    private static final int TRANSIENT_RETRIES = 5;

    @Inject ObjectMapper json;
    @Inject Validator validator;
    @Inject Vertx vertx;

    public Uni<Void> handle(String topic, String value, Function<InboundEvent, Uni<?>> handler) {
        return Uni.createFrom().deferred(() -> {
                    InboundEvent event = CloudEvents.parse(json, value);
                    return SafeContext.run(vertx, () -> Uni.createFrom().deferred(() -> handler.apply(event)))
                            .invoke(() -> LOG.debugf("%s: processed %s %s from %s", topic, event.type(), event.id(), event.source()));
                })
                .onFailure(ProblemException.class).transform(InboundEvents::rejected)
                .onFailure(failure -> !(failure instanceof RejectedEvent))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(TRANSIENT_RETRIES)
                .onFailure().invoke(failure -> LOG.warnf("%s: record goes to the dead-letter topic: %s", topic, failure.getMessage()))
                .replaceWithVoid();
    }

    /**
     * The event's data as the REST body type, checked with the same bean-validation rules as the
     * REST call; unknown fields are refused as they are over HTTP. Missing data reads as {@code {}}.
     */
    public <T> T data(InboundEvent event, Class<T> type) {
        T body;
        try {
            body = event.data() == null ? json.readValue("{}", type) : json.treeToValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new RejectedEvent("data is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new RejectedEvent("validation: " + violations.stream()
                    .map(v -> "data." + v.getPropertyPath() + ": " + v.getMessage())
                    .sorted()
                    .collect(Collectors.joining("; ")));
        }
        return body;
    }

    private static RejectedEvent rejected(Throwable failure) {
        ProblemException problem = (ProblemException) failure;
        String slug = problem.type().name().toLowerCase().replace('_', '-');
        String fields = problem.errors().stream().sorted(Comparator.comparing(FieldError::field))
                .map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return new RejectedEvent(slug + ": " + problem.getMessage()
                + (fields.isEmpty() || problem.errors().size() == 1 ? "" : " (" + fields + ")"));
    }
}
