package io.capacitybroker.identity.health;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Asks the OIDC provider for its discovery document, as the broker itself does to verify tokens
 * and log users in. The answer is kept for a while, so that probes of every replica every few
 * seconds cost the provider at most one request per replica and period; a provider that does not
 * answer within the timeout counts as down.
 */
public class OidcDiscoveryProbe {
    static final String NAME = "OIDC provider";

    private final WebClient client;
    private final String discoveryUrl;
    private final Duration timeout;
    private final Duration cacheFor;
    private final Clock clock;
    private volatile Answer last;

    private record Answer(HealthCheckResponse response, Instant validUntil) {}

    public OidcDiscoveryProbe(WebClient client, String authServerUrl, Duration timeout, Duration cacheFor, Clock clock) {
        this.client = client;
        this.discoveryUrl = authServerUrl.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    public Uni<HealthCheckResponse> check() {
        Answer answer = last;
        if (answer != null && clock.instant().isBefore(answer.validUntil())) return Uni.createFrom().item(answer.response());
        return fetch().invoke(response -> last = new Answer(response, clock.instant().plus(cacheFor)));
    }

    private Uni<HealthCheckResponse> fetch() {
        return client.getAbs(discoveryUrl).timeout(timeout.toMillis()).send()
                .ifNoItem().after(timeout).fail()
                .map(this::judge)
                .onFailure().recoverWithItem(failure -> down(failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage())));
    }

    /** Up only for a discovery document that names its issuer: a proxy's error page is no provider. */
    private HealthCheckResponse judge(HttpResponse<?> response) {
        if (response.statusCode() != 200) return down("HTTP " + response.statusCode());
        try {
            JsonObject document = response.bodyAsJsonObject();
            if (document == null || document.getString("issuer") == null) return down("the document names no issuer");
            return HealthCheckResponse.named(NAME).up().withData("discovery", discoveryUrl).build();
        } catch (RuntimeException notJson) {
            return down("the answer is not a JSON discovery document");
        }
    }

    private HealthCheckResponse down(String why) {
        return HealthCheckResponse.named(NAME).down().withData("discovery", discoveryUrl).withData("error", why).build();
    }
}
