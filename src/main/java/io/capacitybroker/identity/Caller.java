package io.capacitybroker.identity;

import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified token only: the organisation ids come from the
 * {@code tenant_id} and {@code partner_id} claims and never from a path or a body.
 */
@RequestScoped
public class Caller {
    public static final String TENANT_CLAIM = "tenant_id";
    public static final String PARTNER_CLAIM = "partner_id";

    @Inject
    SecurityIdentity identity;

    /** The caller's tenant; a tenant token without the claim is refused (fail closed). */
    public String tenantId() {
        return claim(TENANT_CLAIM).orElseThrow(() ->
                new ProblemException(ProblemType.FORBIDDEN, "the token carries no " + TENANT_CLAIM + " claim"));
    }

    /** The caller's own partner (a partner user of the portal); without the claim, refused (fail closed). */
    public String partnerId() {
        return claim(PARTNER_CLAIM).orElseThrow(() ->
                new ProblemException(ProblemType.FORBIDDEN, "the token carries no " + PARTNER_CLAIM + " claim"));
    }

    /**
     * Checks that the partner named in the path is the caller's own. Another partner's resources
     * answer 404, as if they did not exist, so that their existence does not leak.
     */
    public String requirePartner(String partnerIdInPath) {
        String own = partnerId();
        if (!own.equals(partnerIdInPath)) throw ProblemException.notFound("partner " + partnerIdInPath);
        return own;
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** The user's name as the token gives it ({@code preferred_username}, else the subject). */
    public String user() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /** The broker's roles the caller holds, of {@link Roles#ALL}; other realm roles are not the broker's business. */
    public List<String> roles() {
        return Roles.ALL.stream().filter(identity::hasRole).toList();
    }

    /** A stable name for audit records: role, organisation and user. */
    public String actor() {
        String user = user();
        return organisation().map(o -> o + "/" + user).orElse("user:" + user);
    }

    /** The caller's organisation as {@code tenant:<id>} or {@code partner:<id>}; none for finance, admin and anonymous callers. */
    public Optional<String> organisation() {
        return claim(TENANT_CLAIM).map(t -> "tenant:" + t).or(() -> claim(PARTNER_CLAIM).map(p -> "partner:" + p));
    }

    /** A claim of the verified token, if present and not blank. */
    public Optional<String> claim(String name) {
        Object value = claimValue(identity.getPrincipal(), name);
        String text = value instanceof JsonString json ? json.getString() : value == null ? null : value.toString();
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /**
     * Reads Quarkus OIDC's tokens from their parsed claims: {@link JsonWebToken#getClaim} first
     * looks the name up among the standard claims with {@code Enum.valueOf} and so throws, and
     * fills in the stack trace of, an exception for every custom claim such as ours; that was 6 %
     * of the CPU of an API call under load (docs/performance.md).
     */
    private static Object claimValue(Principal principal, String name) {
        if (principal instanceof OidcJwtCallerPrincipal oidc) return oidc.getClaims().getClaimValue(name);
        if (principal instanceof JsonWebToken jwt) return jwt.getClaim(name);
        return null;
    }
}
