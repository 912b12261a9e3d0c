package io.capacitybroker.identity.health;

import io.capacitybroker.platform.config.BrokerConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness reflects the OIDC provider (Keycloak): without it no new token can be verified against
 * fresh keys and nobody can log in to the portal. A broker configured with a fixed public key
 * instead of a provider (the tests) has nothing to ask and reports so.
 */
@Readiness
@ApplicationScoped
public class OidcProviderHealthCheck implements AsyncHealthCheck {
    @Inject Vertx vertx;
    @Inject BrokerConfig config;
    @Inject Clock clock;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> authServerUrl;

    private WebClient client;
    private OidcDiscoveryProbe probe;

    @PostConstruct
    void init() {
        if (authServerUrl.isEmpty()) return;
        int timeoutMillis = (int) config.healthOidcTimeout().toMillis();
        client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeoutMillis));
        probe = new OidcDiscoveryProbe(client, authServerUrl.get(), config.healthOidcTimeout(), config.healthOidcCacheFor(), clock);
    }

    @PreDestroy
    void close() {
        if (client != null) client.close();
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (probe == null) {
            return Uni.createFrom().item(HealthCheckResponse.named(OidcDiscoveryProbe.NAME).up()
                    .withData("discovery", "none: tokens are verified with a configured public key").build());
        }
        return probe.check();
    }
}
