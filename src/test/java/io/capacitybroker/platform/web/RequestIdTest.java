package io.capacitybroker.platform.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request gets an id, echoed in X-Request-Id; the log lines of a request carry it and the
 * caller's organisation in their logging context (MDC), and never the bearer token. Its own
 * country (TH) and partner.
 */
@QuarkusTest
class RequestIdTest extends BrokerTest {
    private static final String MODEL = "L40S-48GB";
    private final Logger broker = Logger.getLogger("io.capacitybroker");
    private final Capture capture = new Capture();

    @BeforeEach
    void listen() {
        broker.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        broker.removeHandler(capture);
    }

    @Test
    void aCallersRequestIdIsEchoedAndAnImplausibleOneReplaced() {
        assertThat(given().header("X-Request-Id", "gw-4711.a:b_c").get("/q/health/live").header("X-Request-Id"))
                .isEqualTo("gw-4711.a:b_c");
        String replaced = given().header("X-Request-Id", "no spaces\tor tabs").get("/q/health/live").header("X-Request-Id");
        assertThat(replaced).matches("[0-9a-f-]{36}");
        String first = given().get("/api/v1/offers").header("X-Request-Id");
        String second = given().get("/api/v1/offers").header("X-Request-Id");
        assertThat(first).matches("[0-9a-f-]{36}").isNotEqualTo(second);
    }

    @Test
    void aBookingsLogLineCarriesTheRequestIdAndTheTenantButNoToken() {
        String partner = unique("reqid");
        String tenant = unique("acme");
        publish(partner, "bkk-1", "TH", "TH", "pool", offer(1, MODEL, 8, "USD", "1.50", false));
        QuoteChoice choice = quoteAt(tenant, request(MODEL, 2, 2, "TH"), partner);
        String token = Tokens.tenant(tenant);

        String reservationId = given().auth().oauth2(token).contentType("application/json")
                .header("X-Request-Id", "booking-req-1").header("Idempotency-Key", "k1")
                .body(java.util.Map.of("bookingToken", choice.bookingToken()))
                .post("/api/v1/reservations").then().statusCode(201).header("X-Request-Id", "booking-req-1")
                .extract().path("id");

        ExtLogRecord booked = capture.records.stream()
                .filter(r -> r.getFormattedMessage().contains("reservation " + reservationId + " booked"))
                .findFirst().orElseThrow(() -> new AssertionError("no log line for the booking"));
        assertThat(booked.getMdc(RequestIds.MDC_KEY)).isEqualTo("booking-req-1");
        assertThat(booked.getMdc("organisation")).isEqualTo("tenant:" + tenant);
        assertThat(capture.records).allSatisfy(r -> {
            assertThat(r.getFormattedMessage()).doesNotContain(token);
            assertThat(r.getMdcCopy().values()).allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain(token));
        });
    }

    /** Keeps the broker's log records with their logging context as it was when they were logged. */
    private static final class Capture extends Handler {
        final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();

        Capture() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                ext.copyMdc();
                records.add(ext);
            }
        }

        @Override public void flush() {}
        @Override public void close() {}
    }
}
