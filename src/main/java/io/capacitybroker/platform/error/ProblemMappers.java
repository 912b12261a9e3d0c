package io.capacitybroker.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an RFC 9457 problem detail with a stable type; at a path that a
 * {@link ProblemPages} claims (the portal's), the same problem is shown as a page instead.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject Instance<ProblemPages> pages;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.type(), e.getMessage(), e.errors(), e.extensions(), uri);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(ProblemType.VALIDATION, detail, errors, Map.of(), uri);
    }

    /**
     * Malformed JSON, wrong JSON types and unknown properties: name the field where Jackson knows it.
     * The subtypes are listed because Quarkus has built-in mappers for them that would win otherwise.
     */
    @ServerExceptionMapper({JsonProcessingException.class, UnrecognizedPropertyException.class,
            InvalidFormatException.class, MismatchedInputException.class})
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? jsonPath(m.getPath()) : "";
        String message = e.getOriginalMessage();
        List<FieldError> errors = field.isEmpty() ? List.of() : List.of(new FieldError(field, message));
        String detail = field.isEmpty() ? message : field + ": " + message;
        return respond(ProblemType.MALFORMED_JSON, detail, errors, Map.of(), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return respond(ProblemType.UNAUTHENTICATED, "a valid bearer token is required", List.of(), Map.of(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ProblemType.FORBIDDEN, "the caller's role does not allow this operation", List.of(), Map.of(), uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(ProblemType.NOT_FOUND, "no resource at this path", List.of(), Map.of(), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) return malformedJson(json, uri);
        int status = e.getResponse().getStatus();
        if (status >= 500) return internal(e, uri);
        // Wrong method, media type or the like: the HTTP status says it all, the type stays generic.
        ProblemType type = ProblemType.PROTOCOL;
        return answer(new Problem(type.uri(), type.title(), status, e.getMessage(), uri.getPath(), List.of(), Map.of()));
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unhandled failure on %s", uri.getPath());
        return respond(ProblemType.INTERNAL, "the broker failed to process the request", List.of(), Map.of(), uri);
    }

    private Response respond(ProblemType type, String detail, List<FieldError> errors,
                             Map<String, Object> extensions, UriInfo uri) {
        return answer(new Problem(type.uri(), type.title(), type.status(), detail, uri.getPath(), errors, extensions));
    }

    private Response answer(Problem problem) {
        for (ProblemPages page : pages) {
            if (page.shows(problem.instance())) return page.page(problem);
        }
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** {@code publish.body.totalGpus} becomes {@code totalGpus}: the client knows no method names. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }
}
