package io.capacitybroker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart, rendered by Helm itself (installed from npm by src/main/scripts/tools.sh, no
 * cluster needed) with the default values and with a production-like values file, and checked for
 * what matters: probes, security context, image, replicas, autoscaling, disruption budget, and that
 * secrets only ever arrive through secretKeyRef.
 */
class HelmChartTest {
    static final Path CHART = Path.of("helm/capacity-broker");
    static final Path PRODUCTION = Path.of("src/test/resources/helm/values-production.yaml");
    static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Environment variables whose values are secret: they must come from a Secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|API_KEY|JAAS|TOKEN|CREDENTIALS");

    private static String helm;

    @BeforeAll
    static void installHelm() throws Exception {
        helm = run("bash", "src/main/scripts/tools.sh", "helm").out().trim();
    }

    @Test
    void lintPassesWithTheDefaultAndTheProductionValues() throws Exception {
        assertThat(run(helm, "lint", "--strict", CHART.toString()).out()).contains("0 chart(s) failed");
        assertThat(run(helm, "lint", "--strict", CHART.toString(), "-f", PRODUCTION.toString()).out())
                .contains("0 chart(s) failed");
    }

    @Test
    void theDefaultsGiveAFixedNumberOfHardenedReplicasWithProbes() throws Exception {
        List<JsonNode> docs = render();
        assertThat(kinds(docs)).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service", "Deployment",
                "PodDisruptionBudget");
        JsonNode deployment = one(docs, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("registry.example.com/capacity-broker/capacity-broker:0.1.0-SNAPSHOT");
        assertProbesAndHardening(deployment);
    }

    @Test
    void productionValuesAutoscaleAndExposeTheApiAndTheMetrics() throws Exception {
        List<JsonNode> docs = render("-f", PRODUCTION.toString());
        JsonNode deployment = one(docs, "Deployment");
        assertThat(deployment.at("/spec/replicas").isMissingNode()).as("the HPA owns the replica count").isTrue();
        assertThat(deployment.at("/spec/template/spec/containers/0/image").asText())
                .isEqualTo("registry.capacitybroker.example/capacity-broker/capacity-broker:1.4.2");
        assertProbesAndHardening(deployment);

        JsonNode hpa = one(docs, "HorizontalPodAutoscaler");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(deployment.at("/metadata/name").asText());
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(12);
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(65);

        JsonNode pdb = one(docs, "PodDisruptionBudget");
        assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/selector/matchLabels"));

        JsonNode ingress = one(docs, "Ingress");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("broker-capacitybroker-example-tls");
        List<String> paths = ingress.at("/spec/rules/0/http/paths").findValuesAsText("path");
        assertThat(paths).contains("/api", "/webhooks", "/portal").noneMatch(p -> p.startsWith("/q"));
        assertThat(one(docs, "ServiceMonitor").at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");

        JsonNode config = one(docs, "ConfigMap").path("data");
        assertThat(config.path("KAFKA_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_SSL");
        assertThat(config.path("KAFKA_SSL_TRUSTSTORE_LOCATION").asText()).isEqualTo("/etc/capacity-broker/kafka-ca/ca.crt");
        assertThat(config.path("QUARKUS_OTEL_SDK_DISABLED").asText()).isEqualTo("false");
        assertThat(config.path("BROKER_QUOTE_TTL").asText()).isEqualTo("10M");
        assertThat(deployment.at("/spec/template/spec/volumes").findValuesAsText("secretName"))
                .containsExactly("broker-kafka-cluster-ca-cert");
    }

    @Test
    void secretsArriveOnlyThroughSecretKeyRefs() throws Exception {
        for (List<JsonNode> docs : List.of(render(), render("-f", PRODUCTION.toString()))) {
            assertThat(kinds(docs)).doesNotContain("Secret");
            JsonNode env = one(docs, "Deployment").at("/spec/template/spec/containers/0/env");
            for (JsonNode variable : env) {
                assertThat(variable.has("value")).as("%s has a literal value", variable.path("name").asText()).isFalse();
                assertThat(variable.at("/valueFrom/secretKeyRef/name").asText()).as(variable.toString()).isNotBlank();
            }
            one(docs, "ConfigMap").path("data").fieldNames().forEachRemaining(name ->
                    assertThat(name).as("a secret in the ConfigMap").doesNotContainPattern(SECRET_NAME));
        }
        JsonNode env = one(render("-f", PRODUCTION.toString()), "Deployment").at("/spec/template/spec/containers/0/env");
        assertThat(env.findValuesAsText("name")).contains("DB_USER", "DB_PASSWORD", "KAFKA_SASL_JAAS_CONFIG",
                "QUARKUS_OIDC_CREDENTIALS_SECRET", "KEYCLOAK_ADMIN_CLIENT_SECRET", "BROKER_STRIPE_API_KEY",
                "BROKER_STRIPE_WEBHOOK_SECRET", "PORTAL_STATE_SECRET", "PORTAL_SESSION_SECRET",
                "BROKER_QUOTE_SIGNING_KEY", "BROKER_QUOTE_SIGNING_PREVIOUS_KEY");
    }

    /**
     * Every ${VARIABLE:default} that application.properties reads in production is set by the chart,
     * from the ConfigMap or a Secret (lines of the test and demo profiles aside).
     */
    @Test
    void theChartSetsEveryVariableTheApplicationReads() throws Exception {
        Set<String> read = new TreeSet<>();
        Pattern variable = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):");
        for (String line : Files.readAllLines(APPLICATION_PROPERTIES)) {
            if (line.startsWith("%") && !line.startsWith("%prod.")) continue;
            Matcher m = variable.matcher(line);
            while (m.find()) read.add(m.group(1));
        }
        assertThat(read).contains("DB_REACTIVE_URL", "KAFKA_BOOTSTRAP_SERVERS", "OIDC_SERVER_URL");

        List<JsonNode> docs = render("-f", PRODUCTION.toString());
        Set<String> set = new TreeSet<>();
        one(docs, "ConfigMap").path("data").fieldNames().forEachRemaining(set::add);
        set.addAll(one(docs, "Deployment").at("/spec/template/spec/containers/0/env").findValuesAsText("name"));
        assertThat(set).containsAll(read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"replicaCount=three", "replicaCount=0", "kafka.securityProtocol=PLAIN",
            "database.password=hunter2", "extraConfig.DB_PASSWORD=hunter2", "image.pullPolicy=Sometimes",
            "database.reactiveUrl=mysql://db:3306/broker", "service.port=70000"})
    void theSchemaRejectsWrongValues(String setting) throws Exception {
        Result template = runAllowingFailure(helm, "template", "t", CHART.toString(), "--set", setting);
        assertThat(template.exitCode()).as("helm template --set %s", setting).isNotZero();
        assertThat(template.err()).contains("schema");
        assertThat(runAllowingFailure(helm, "lint", CHART.toString(), "--set", setting).exitCode())
                .as("helm lint --set %s", setting).isNotZero();
    }

    private static void assertProbesAndHardening(JsonNode deployment) {
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/readinessProbe/timeoutSeconds").asInt()).isGreaterThan(3); // the OIDC check's own timeout
        assertThat(container.at("/resources/requests/cpu").isMissingNode()).isFalse();
        assertThat(container.at("/resources/limits/memory").isMissingNode()).isFalse();

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
        assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(pod.at("/enableServiceLinks").asBoolean(true)).as("no KAFKA_* variables from Services").isFalse();
        int tmp = indexOfVolume(pod, "tmp");
        assertThat(pod.at("/volumes/" + tmp + "/emptyDir").isObject()).as("/tmp is a writable emptyDir").isTrue();
        assertThat(container.at("/volumeMounts").findValuesAsText("mountPath")).contains("/tmp");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
    }

    private static int indexOfVolume(JsonNode pod, String name) {
        JsonNode volumes = pod.path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            if (name.equals(volumes.get(i).path("name").asText())) return i;
        }
        throw new AssertionError("no volume " + name);
    }

    private static List<JsonNode> render(String... values) throws Exception {
        List<String> command = new ArrayList<>(List.of(helm, "template", "release", CHART.toString()));
        command.addAll(List.of(values));
        String yaml = run(command.toArray(String[]::new)).out();
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isEmpty()) docs.add(doc);
            }
        }
        return docs;
    }

    private static List<String> kinds(List<JsonNode> docs) {
        return docs.stream().map(d -> d.path("kind").asText()).toList();
    }

    private static JsonNode one(List<JsonNode> docs, String kind) {
        List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertThat(found).as("rendered %s", kind).hasSize(1);
        return found.get(0);
    }

    record Result(int exitCode, String out, String err) {}

    private static Result run(String... command) throws Exception {
        Result result = runAllowingFailure(command);
        assertThat(result.exitCode()).as("%s failed:%n%s%n%s", String.join(" ", command), result.out(), result.err()).isZero();
        return result;
    }

    private static Result runAllowingFailure(String... command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("helm", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("%s finished", command[0]).isTrue();
            return new Result(process.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
