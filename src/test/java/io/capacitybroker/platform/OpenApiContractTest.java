package io.capacitybroker.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capacitybroker.testsupport.BrokerTest;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed contract and the running service never drift apart: the document served at
 * /q/openapi must equal openapi/capacity-broker.yaml, and Spectral's OAS rules find no error in it.
 * After an intended API change, copy target/openapi-served.yaml over the committed file.
 */
@QuarkusTest
class OpenApiContractTest extends BrokerTest {
    static final Path CONTRACT = Path.of("openapi/capacity-broker.yaml");
    static final Path SERVED = Path.of("target/openapi-served.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theServedDocumentIsTheCommittedContract() throws IOException {
        String served = given().queryParam("format", "yaml").get("/q/openapi").then().statusCode(200).extract().asString();
        Files.writeString(SERVED, served, StandardCharsets.UTF_8);
        JsonNode expected = YAML.readTree(CONTRACT.toFile());
        JsonNode actual = YAML.readTree(served);
        assertThat(actual)
                .as("the service serves another API than %s; if the change is intended, copy %s over it", CONTRACT, SERVED)
                .isEqualTo(expected);
    }

    @Test
    void spectralFindsNoErrorInTheContract() throws Exception {
        String spectral = run("bash", "src/main/scripts/tools.sh").trim();
        String report = run(spectral, "lint", CONTRACT.toString(), "--ruleset", ".spectral.yaml", "--fail-severity", "error");
        assertThat(report).doesNotContain(" error ");
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("%s finished", command[0]).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s failed:%n%s%n%s", String.join(" ", command), text, err).isZero();
        return text;
    }
}
