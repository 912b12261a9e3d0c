package io.capacitybroker.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.KeycloakProfile;
import io.capacitybroker.testsupport.KeycloakTokens;
import io.capacitybroker.testsupport.KeycloakTokens.Partner;
import io.capacitybroker.testsupport.KeycloakTokens.User;
import io.capacitybroker.testsupport.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the contract, called with real Keycloak tokens as anonymous, as every role,
 * as the right role of the wrong organisation (tenant globex on acme's reservation, partner
 * singtel on gmi-magna's site), and as the owner. The operations come from
 * openapi/capacity-broker.yaml, so an endpoint added tomorrow fails this test until it has a row
 * in {@link #MATRIX}.
 */
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class AuthorizationMatrixTest extends BrokerTest {
    private static final List<String> ROLES = List.of("tenant", "partner", "finance", "admin");
    private static final String COUNTRY = "IE";
    private static final String SITE = "matrix-site";

    /** Whose resource an operation touches, which decides what "the wrong organisation" means. */
    enum Owner { TENANT, PARTNER, NONE }

    record Rule(Set<String> roles, Owner owner, int success) {}

    /** The expected outcome per operation: who may call it, whose data it touches, what success is. */
    static final Map<String, Rule> MATRIX = Map.ofEntries(
            Map.entry("searchOffers", new Rule(Set.of("tenant", "admin"), Owner.NONE, 200)),
            Map.entry("createQuote", new Rule(Set.of("tenant"), Owner.NONE, 200)),
            // Whose option it books is sealed in its booking token: another tenant's token is a 400 (BookingApiTest).
            Map.entry("createReservation", new Rule(Set.of("tenant"), Owner.NONE, 201)),
            Map.entry("listReservations", new Rule(Set.of("tenant"), Owner.NONE, 200)),
            Map.entry("getReservation", new Rule(Set.of("tenant"), Owner.TENANT, 200)),
            Map.entry("cancelReservation", new Rule(Set.of("tenant"), Owner.TENANT, 200)),
            Map.entry("registerSite", new Rule(Set.of("partner"), Owner.PARTNER, 200)),
            Map.entry("siteHeartbeat", new Rule(Set.of("partner"), Owner.PARTNER, 200)),
            Map.entry("publishOffer", new Rule(Set.of("partner"), Owner.PARTNER, 200)),
            Map.entry("withdrawOffer", new Rule(Set.of("partner"), Owner.PARTNER, 200)),
            Map.entry("listPartnerReservations", new Rule(Set.of("partner"), Owner.PARTNER, 200)),
            Map.entry("acceptReservation", new Rule(Set.of("partner"), Owner.PARTNER, 200)),
            Map.entry("rejectReservation", new Rule(Set.of("partner"), Owner.PARTNER, 200)),
            Map.entry("reportUsage", new Rule(Set.of("partner"), Owner.PARTNER, 200)),
            Map.entry("getJournal", new Rule(Set.of("finance"), Owner.NONE, 200)),
            Map.entry("getReconciliation", new Rule(Set.of("finance"), Owner.NONE, 200)),
            Map.entry("createBillingRun", new Rule(Set.of("finance"), Owner.NONE, 200)),
            Map.entry("getBillingRun", new Rule(Set.of("finance"), Owner.NONE, 200)),
            Map.entry("listInvoices", new Rule(Set.of("tenant", "finance"), Owner.NONE, 200)),
            Map.entry("getInvoice", new Rule(Set.of("tenant", "finance"), Owner.TENANT, 200)),
            Map.entry("createCreditNote", new Rule(Set.of("finance"), Owner.NONE, 201)),
            Map.entry("listPartnerStatements", new Rule(Set.of("partner", "finance"), Owner.PARTNER, 200)),
            Map.entry("listPayouts", new Rule(Set.of("finance"), Owner.NONE, 200)),
            Map.entry("getAuditTrail", new Rule(Set.of("finance"), Owner.NONE, 200)),
            Map.entry("setPayoutAccount", new Rule(Set.of("admin"), Owner.NONE, 200)),
            // No token at all: Stripe signs its webhooks; any caller without a signature gets 400.
            Map.entry("receiveStripeEvent", new Rule(Set.of(), Owner.NONE, 400)),
            Map.entry("getCaller", new Rule(Set.of("tenant", "partner", "finance", "admin"), Owner.NONE, 200)),
            Map.entry("onboardPartner", new Rule(Set.of("admin"), Owner.NONE, 201)),
            Map.entry("onboardTenant", new Rule(Set.of("admin"), Owner.NONE, 201)));

    /** Operations that change the fixture run last, the one that withdraws the offer at the very end. */
    private static final List<String> LAST = List.of("acceptReservation", "rejectReservation", "cancelReservation",
            "createReservation", "publishOffer", "withdrawOffer");

    record Operation(String id, String method, String path) {}

    private final String partner = Partner.GMI_MAGNA.partnerId;
    private final String tenant = "acme";
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, String> ids = new HashMap<>();

    @Test
    void everyOperationAdmitsExactlyItsRolesAndOwners() throws Exception {
        List<Operation> operations = operationsOfTheContract();
        assertThat(MATRIX.keySet()).as("every operation of the contract has a row, and every row an operation")
                .containsExactlyInAnyOrderElementsOf(operations.stream().map(Operation::id).toList());
        createFixture();

        SoftAssertions softly = new SoftAssertions();
        for (Operation op : operations) {
            Rule rule = MATRIX.get(op.id());
            if (rule.roles().isEmpty()) {
                softly.assertThat(call(op, null)).as("%s anonymous", op.id()).isEqualTo(rule.success());
                for (String role : ROLES) {
                    softly.assertThat(call(op, tokenOf(role, false))).as("%s as %s", op.id(), role).isEqualTo(rule.success());
                }
                continue;
            }
            softly.assertThat(call(op, null)).as("%s anonymous", op.id()).isEqualTo(401);
            for (String role : ROLES) {
                if (rule.roles().contains(role)) continue;
                softly.assertThat(call(op, tokenOf(role, false))).as("%s as %s", op.id(), role).isEqualTo(403);
            }
            String ownerRole = rule.owner().name().toLowerCase(Locale.ROOT);
            if (rule.owner() != Owner.NONE) {
                softly.assertThat(call(op, tokenOf(ownerRole, true))).as("%s as %s of another organisation", op.id(), ownerRole)
                        .isEqualTo(404);
            }
            for (String role : rule.roles()) {
                softly.assertThat(call(op, tokenOf(role, false))).as("%s as its owner with role %s", op.id(), role)
                        .isEqualTo(rule.success());
            }
        }
        softly.assertAll();
    }

    private List<Operation> operationsOfTheContract() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(new File("openapi/capacity-broker.yaml")).get("paths");
        List<Operation> operations = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method ->
                operations.add(new Operation(method.getValue().get("operationId").asText(), method.getKey(), path.getKey()))));
        operations.sort((a, b) -> Integer.compare(LAST.indexOf(a.id()), LAST.indexOf(b.id())));
        return operations;
    }

    /** Real tokens from Keycloak, one per principal for the whole run. */
    private String tokenOf(String role, boolean otherOrganisation) {
        String key = role + (otherOrganisation ? "/other" : "");
        return tokens.computeIfAbsent(key, k -> switch (role) {
            case "tenant" -> KeycloakTokens.user(otherOrganisation ? User.BOB_GLOBEX : User.ALICE_ACME);
            case "partner" -> KeycloakTokens.partner(otherOrganisation ? Partner.SINGTEL : Partner.GMI_MAGNA);
            case "finance" -> KeycloakTokens.user(User.FIONA_FINANCE);
            case "admin" -> KeycloakTokens.user(User.ADAM_ADMIN);
            default -> throw new IllegalArgumentException(role);
        });
    }

    @Override
    protected String partnerToken(String partnerId) {
        assertThat(partnerId).isEqualTo(partner);
        return tokenOf("partner", false);
    }

    @Override
    protected String tenantToken(String tenantId) {
        assertThat(tenantId).isEqualTo(tenant);
        return tokenOf("tenant", false);
    }

    private int call(Operation op, String token) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (token != null) request = request.auth().oauth2(token);
        Object body = bodyOf(op.id());
        if (body != null) request = request.body(body);
        if (op.id().equals("createReservation") || op.id().equals("createCreditNote")) {
            request = request.header("Idempotency-Key", unique("key"));
        }
        if (op.id().equals("getJournal") || op.id().equals("getReconciliation")) request = request.queryParam("period", "2030-03");
        if (op.id().equals("getAuditTrail")) request = request.queryParam("documentId", ids.get("invoice"));
        String path = op.path()
                .replace("{partnerId}", partner).replace("{siteId}", SITE).replace("{offerId}", "pool")
                .replace("{invoiceId}", ids.get("invoice")).replace("{runId}", ids.get("run"))
                .replace("{reservationId}", ids.getOrDefault(op.id(), ids.get("getReservation")));
        return request.request(op.method().toUpperCase(), path).statusCode();
    }

    private Object bodyOf(String operationId) {
        return switch (operationId) {
            case "createQuote" -> quoteRequest();
            case "createReservation" -> Map.of("bookingToken", ids.get("bookingToken"));
            case "registerSite" -> site(COUNTRY, "EU", List.of("ISO-27001"));
            // A month without business: the run completes at once, and again on every call.
            case "createBillingRun" -> Map.of("period", "2030-02");
            case "createCreditNote" -> Map.of("reason", "matrix", "amount", new BigDecimal("0.01"));
            case "setPayoutAccount" -> Map.of("stripeAccountId", "acct_matrix1");
            case "onboardPartner" -> Map.of("partnerId", unique("partner"), "name", "A new partner");
            case "onboardTenant" -> Map.of("tenantId", unique("tenant"), "name", "A new tenant");
            case "publishOffer" -> offer(System.nanoTime(), "A100-SXM-80GB", 64, "USD", "1.00", true);
            // Usage without a reservation, for the hour before the test clock's now: a repeat is a 200 DUPLICATE.
            case "reportUsage" -> Map.of("records", List.of(Map.of("recordId", "matrix-usage-1", "offerId", ids.get("offer"),
                    "gpuCount", 1, "gpuHours", 1, "periodStart", clock.instant().minus(Duration.ofHours(1)).toString(),
                    "periodEnd", clock.instant().toString())));
            default -> null;
        };
    }

    private Map<String, Object> quoteRequest() {
        return request("A100-SXM-80GB", 1, 2, COUNTRY);
    }

    /**
     * One offer at the owner partner's site, a quote and four pending reservations of the owner
     * tenant; and an invoice of the owner tenant: a fifth reservation, confirmed, billed by closing
     * its month (Stripe is not configured here, so the run stops as FAILED after the close).
     */
    private void createFixture() {
        ids.put("offer", publish(partner, SITE, COUNTRY, "EU", "pool", offer(1, "A100-SXM-80GB", 64, "USD", "1.00", true)));
        Map<String, Object> quoteRequest = quoteRequest();
        String bookingToken = await().atMost(Duration.ofSeconds(10)).until(() -> asTenant(tenant).body(quoteRequest)
                .post("/api/v1/quotes").then().statusCode(200).extract().jsonPath(),
                q -> !q.getList("options").isEmpty()).getString("options[0].bookingToken");
        ids.put("bookingToken", bookingToken);
        for (String op : List.of("getReservation", "acceptReservation", "rejectReservation", "cancelReservation")) {
            ids.put(op, asTenant(tenant).header("Idempotency-Key", unique("fixture"))
                    .body(Map.of("bookingToken", bookingToken)).post("/api/v1/reservations")
                    .then().statusCode(201).extract().path("id"));
        }
        billAConfirmedReservation(bookingToken);
    }

    private void billAConfirmedReservation(String bookingToken) {
        String reservation = asTenant(tenant).header("Idempotency-Key", unique("fixture"))
                .body(Map.of("bookingToken", bookingToken)).post("/api/v1/reservations")
                .then().statusCode(201).extract().path("id");
        asPartner(partner).body(Map.of()).post("/api/v1/partners/{p}/reservations/{id}/accept", partner, reservation)
                .then().statusCode(200);
        String finance = tokenOf("finance", false);
        clock.set(TestClock.START.plus(Duration.ofDays(31)));
        ids.put("run", given().auth().oauth2(finance).contentType(ContentType.JSON).body(Map.of("period", "2030-03"))
                .post("/api/v1/billing-runs").then().statusCode(200).body("status", equalTo("FAILED")).extract().path("id"));
        clock.set(TestClock.START);
        ids.put("invoice", given().auth().oauth2(finance).queryParam("period", "2030-03").get("/api/v1/invoices")
                .then().statusCode(200).extract().path("invoices[0].id"));
    }
}
