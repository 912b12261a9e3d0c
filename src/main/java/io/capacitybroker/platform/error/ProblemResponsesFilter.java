package io.capacitybroker.platform.error;

import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the problem-detail answers every API operation can give, in one place instead of on
 * every resource method: bad input, missing or invalid token, wrong role, not found (which is also
 * what another organisation's resource looks like), and conflicts.
 */
public class ProblemResponsesFilter implements OASFilter {
    /** Sorted by status, so that the generated document is the same on every start. */
    private static final Map<String, String> COMMON = new TreeMap<>(Map.of(
            "400", "Invalid input; `errors` names each wrong field",
            "401", "No valid bearer token",
            "403", "The token's role may not do this",
            "404", "No such resource, or not the caller's",
            "409", "Conflicts with the current state (capacity, lifecycle)"));

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) return operation;
        COMMON.forEach((status, description) -> {
            if (responses.hasAPIResponse(status)) return;
            responses.addAPIResponse(status, OASFactory.createAPIResponse()
                    .description(description)
                    .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref("Problem")))));
        });
        return operation;
    }
}
