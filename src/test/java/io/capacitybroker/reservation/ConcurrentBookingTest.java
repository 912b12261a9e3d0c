package io.capacitybroker.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.PostgresTestResource;
import io.capacitybroker.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Invariant 1 under load: 64 bookings in flight at once for the last GPUs of one offer, over
 * overlapping windows. Afterwards no slot is overbooked, the ledger holds exactly what the
 * successful bookings took, and every refused booking really did not fit any more.
 */
@QuarkusTest
class ConcurrentBookingTest extends BrokerTest {
    private static final int CLIENTS = 64;
    private static final int CAPACITY = 8;
    private static final String MODEL = "MI300X-192GB";

    @TestHTTPResource("/api/v1/reservations")
    URI reservations;

    record Attempt(String bookingToken, Instant start, Instant end, int gpus) {}

    @Test
    void concurrentBookingsNeverOverbookAndExactlyTheFeasibleOnesSucceed() throws Exception {
        String tenant = unique("hammer");
        String offerId = publish(unique("gmi"), "tpe-1", "PT", "EU", "pool", offer(1, MODEL, CAPACITY, "USD", "1.00", false));
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int gpus = 1 + i % 3;
            Instant start = clock.instant().plus(Duration.ofHours(1 + i % 4));
            int hours = 2 + i % 3;
            Map<String, Object> request = new HashMap<>(request(MODEL, gpus, hours, "PT"));
            request.put("earliestStart", start.toString());
            request.put("latestStart", start.toString());
            JsonPath quote = await().atMost(Duration.ofSeconds(10)).until(() -> asTenant(tenant).body(request)
                    .post("/api/v1/quotes").then().statusCode(200).extract().jsonPath(), q -> !q.getList("options").isEmpty());
            attempts.add(new Attempt(quote.getString("options[0].bookingToken"), start, start.plus(Duration.ofHours(hours)), gpus));
        }

        List<Integer> statuses = bookAllAtOnce(tenant, attempts);

        assertThat(statuses).containsOnly(201, 409);
        Map<Instant, int[]> ledger = ledger(offerId);
        ledger.forEach((slot, row) -> assertThat(row[1] + row[2]).as("held+booked at %s", slot).isLessThanOrEqualTo(row[0]));
        for (var slot : ledger.entrySet()) {
            int taken = 0;
            for (int i = 0; i < CLIENTS; i++) {
                Attempt a = attempts.get(i);
                if (statuses.get(i) == 201 && !slot.getKey().isBefore(a.start()) && slot.getKey().isBefore(a.end())) taken += a.gpus();
            }
            assertThat(slot.getValue()[2]).as("booked at %s equals the successful bookings", slot.getKey()).isEqualTo(taken);
        }
        for (int i = 0; i < CLIENTS; i++) {
            Attempt a = attempts.get(i);
            if (statuses.get(i) != 409) continue;
            int minFree = ledger.entrySet().stream()
                    .filter(e -> !e.getKey().isBefore(a.start()) && e.getKey().isBefore(a.end()))
                    .mapToInt(e -> e.getValue()[0] - e.getValue()[1] - e.getValue()[2]).min().orElse(CAPACITY);
            assertThat(minFree).as("refused booking %d must not fit", i).isLessThan(a.gpus());
        }
        assertThat(statuses).contains(201, 409);
    }

    private List<Integer> bookAllAtOnce(String tenant, List<Attempt> attempts) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        String token = Tokens.tenant(tenant);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (Attempt a : attempts) {
                HttpRequest request = HttpRequest.newBuilder(reservations)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"bookingToken\":\"" + a.bookingToken() + "\"}"))
                        .build();
                results.add(pool.submit(() -> {
                    go.await();
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) statuses.add(f.get());
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** capacity, held, booked per slot, read straight from the database. */
    private static Map<Instant, int[]> ledger(String offerId) throws Exception {
        Map<Instant, int[]> rows = new HashMap<>();
        try (Connection db = PostgresTestResource.openConnection();
             PreparedStatement q = db.prepareStatement(
                     "select slot_start, capacity, held, booked from ledger_slot where offer_id = ?::uuid")) {
            q.setString(1, offerId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Timestamp slot = rs.getTimestamp(1);
                    rows.put(slot.toInstant(), new int[] {rs.getInt(2), rs.getInt(3), rs.getInt(4)});
                }
            }
        }
        return rows;
    }
}
