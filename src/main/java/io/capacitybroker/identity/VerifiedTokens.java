package io.capacitybroker.identity;

import io.capacitybroker.platform.metrics.BrokerMetrics;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers the bearer tokens of the API that Quarkus OIDC has verified, until they expire and for
 * at most {@link #MAX_AGE}. A client sends the same token with every request of its lifetime, and
 * verifying it again each time (RS256 signature, claims, the OIDC pipeline) cost more than the rest
 * of a quote (docs/performance.md, ADR 0013).
 *
 * <p>Only access tokens of the API's own OIDC tenant are remembered, keyed by the whole token
 * text, so a hit needs the exact token that was verified; a failed verification is not remembered.
 * The portal's sessions (the {@code portal} tenant, code flow) always take the full path. A hit
 * gives a copy of the verified identity that carries this request's routing context, as OIDC
 * would have built it.
 */
@Decorator
@Priority(10)
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {
    /** Bounded: when full, expired entries go, and if none had expired everything goes (a miss only costs a verification). */
    static final int MAX_ENTRIES = 2_000;
    /** A token stays remembered no longer than this, so a signing key Keycloak withdrew stops being trusted soon. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** Quarkus OIDC's own tenant id for the unnamed tenant, which serves /api; it sets it on the routing context. */
    private static final String API_TENANT = "Default";
    private static final String TENANT_ATTRIBUTE = "tenant-id";
    /** Expiry is judged as OIDC judges it, on the wall clock, never on the business clock tests move. */
    private static final Clock WALL = Clock.systemUTC();

    @Inject
    @Delegate
    @Any
    IdentityProvider<TokenAuthenticationRequest> oidc;
    @Inject
    BrokerMetrics metrics;

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(SecurityIdentity identity, Instant until) {}

    // Written out although a decorator may leave them to the delegate: Quarkus 3.33's ArC fails the
    // build for an abstract decorator of this generic interface ("Duplicate method added").
    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return oidc.getRequestType();
    }

    @Override
    public int priority() {
        return oidc.priority();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (!remembers(request, routing)) return oidc.authenticate(request, context);
        String token = request.getToken().getToken();
        Instant now = WALL.instant();
        Verified hit = verified.get(token);
        if (hit != null && now.isBefore(hit.until())) {
            metrics.tokenVerification(true);
            return Uni.createFrom().item(forThisRequest(hit.identity(), routing, context));
        }
        metrics.tokenVerification(false);
        return oidc.authenticate(request, context).invoke(identity -> remember(token, identity, now));
    }

    private static boolean remembers(TokenAuthenticationRequest request, RoutingContext routing) {
        return routing != null && request.getToken() instanceof AccessTokenCredential
                && API_TENANT.equals(routing.get(TENANT_ATTRIBUTE));
    }

    private void remember(String token, SecurityIdentity identity, Instant now) {
        if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt)) return;
        Instant expires = Instant.ofEpochSecond(jwt.getExpirationTime());
        Instant until = expires.isBefore(now.plus(MAX_AGE)) ? expires : now.plus(MAX_AGE);
        if (!now.isBefore(until)) return;
        if (verified.size() >= MAX_ENTRIES) {
            verified.values().removeIf(v -> !now.isBefore(v.until()));
            if (verified.size() >= MAX_ENTRIES) verified.clear();
        }
        verified.put(token, new Verified(identity, until));
    }

    /** The verified identity with this request's routing and authentication contexts, the two attributes OIDC sets per request. */
    private static SecurityIdentity forThisRequest(SecurityIdentity verified, RoutingContext routing,
                                                   AuthenticationRequestContext context) {
        return QuarkusSecurityIdentity.builder(verified)
                .addAttribute(RoutingContext.class.getName(), routing)
                .addAttribute(AuthenticationRequestContext.class.getName(), context)
                .build();
    }
}
