package io.capacitybroker.identity.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.testsupport.TestClock;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The readiness probe of the OIDC provider, against a small discovery server on loopback. */
class OidcDiscoveryProbeTest {
    /** Generous: the machine may be busy with other builds, and a slow first answer is no outage here. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final Duration CACHE_FOR = Duration.ofSeconds(30);

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx);
    private final TestClock clock = new TestClock();
    private final AtomicInteger requests = new AtomicInteger();
    /** What the provider answers: status and body, or null for no answer at all. */
    private final AtomicReference<Answer> answer = new AtomicReference<>(new Answer(200, "{\"issuer\":\"https://kc/realms/cb\"}"));
    private HttpServer server;

    private record Answer(int status, String body) {}

    @BeforeEach
    void startProvider() {
        server = vertx.createHttpServer().requestHandler(request -> {
            requests.incrementAndGet();
            Answer a = answer.get();
            if (a == null) return; // hangs: the probe must give up on its own
            if (!request.path().equals("/realms/cb/.well-known/openid-configuration")) {
                request.response().setStatusCode(404).endAndForget();
                return;
            }
            request.response().setStatusCode(a.status()).endAndForget(a.body());
        }).listenAndAwait(0, "127.0.0.1");
    }

    @AfterEach
    void stop() {
        client.close();
        vertx.closeAndAwait();
    }

    private OidcDiscoveryProbe probe(String serverUrl) {
        return new OidcDiscoveryProbe(client, serverUrl, TIMEOUT, CACHE_FOR, clock);
    }

    private String realm() {
        return "http://127.0.0.1:" + server.actualPort() + "/realms/cb/";
    }

    @Test
    void aDiscoveryDocumentIsUpAndItsAnswerIsKeptForAWhile() {
        OidcDiscoveryProbe probe = probe(realm());
        HealthCheckResponse first = probe.check().await().atMost(AWAIT);
        assertThat(first.getStatus()).as("%s", first.getData()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(first.getData().orElseThrow()).containsEntry("discovery", realm() + ".well-known/openid-configuration");

        answer.set(new Answer(503, "down for maintenance"));
        clock.advance(CACHE_FOR.minusSeconds(1));
        assertThat(probe.check().await().atMost(AWAIT).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(requests).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        HealthCheckResponse later = probe.check().await().atMost(AWAIT);
        assertThat(later.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(later.getData().orElseThrow()).containsEntry("error", "HTTP 503");
        assertThat(requests).hasValue(2);
    }

    @Test
    void anAnswerThatIsNoDiscoveryDocumentIsDown() {
        answer.set(new Answer(200, "<html>proxy login</html>"));
        assertThat(probe(realm()).check().await().atMost(AWAIT).getStatus())
                .isEqualTo(HealthCheckResponse.Status.DOWN);
        answer.set(new Answer(200, "{\"jwks_uri\":\"x\"}"));
        assertThat(probe(realm()).check().await().atMost(AWAIT).getData().orElseThrow())
                .containsEntry("error", "the document names no issuer");
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeIsDown() {
        answer.set(null);
        long started = System.nanoTime();
        HealthCheckResponse response = probe(realm()).check().await().atMost(AWAIT);
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(3));
    }

    @Test
    void aProviderThatIsNotThereIsDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HealthCheckResponse response = probe("http://127.0.0.1:" + closedPort + "/realms/cb")
                .check().await().atMost(AWAIT);
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow().get("error").toString()).isNotBlank();
    }
}
