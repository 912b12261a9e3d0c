package io.capacitybroker.matching.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.matching.MatchRequest;
import io.capacitybroker.matching.OfferIndex;
import io.capacitybroker.testsupport.PostgresTestResource;
import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL of the PostgreSQL comparison benchmark must answer what the engine answers, or the
 * comparison means nothing: checked here on a small synthetic market (plain JUnit, no Quarkus),
 * asking for every option, so that a change to the engine's rules shows up as a failure here.
 */
class SqlMatchQueryTest {
    private static final SyntheticMarket MARKET = SyntheticMarket.generate(SyntheticMarket.SEED, 60, 6_000);
    private static PostgresTestResource database;
    private static OfferIndex index;

    @BeforeAll
    static void load() throws Exception {
        database = new PostgresTestResource();
        database.start();
        MarketLoader.migrate(PostgresTestResource.jdbcUrl(), PostgresTestResource.username());
        try (Connection connection = PostgresTestResource.openConnection()) {
            MarketLoader.load(connection, MARKET);
        }
        index = MARKET.newIndex();
    }

    @AfterAll
    static void drop() {
        if (database != null) database.stop();
    }

    @Test
    void theBenchmarkRequestGetsTheSameOptionsInTheSameOrder() throws Exception {
        assertAgreement(SyntheticMarket.benchmarkRequest(), 10);
    }

    @Test
    void everyOptionOfTheBenchmarkRequestAgrees() throws Exception {
        assertAgreement(SqlMatchingBenchmark.everyOption(SyntheticMarket.benchmarkRequest()), 100);
    }

    @Test
    void aLongTermUsesTheTierPrice() throws Exception {
        MatchRequest base = SyntheticMarket.benchmarkRequest();
        assertAgreement(request(base, List.of(GpuModel.H200_141GB, GpuModel.H100_SXM_80GB), 8, 200,
                Currency.getInstance("USD"), Optional.of(new BigDecimal("3.00")), Set.of(), Set.of()), 50);
    }

    @Test
    void anotherCurrencyWithoutMinorUnitsAndSovereigntyAndNoPriceCap() throws Exception {
        MatchRequest base = SyntheticMarket.benchmarkRequest();
        assertAgreement(request(base, List.of(GpuModel.B200_192GB, GpuModel.MI300X_192GB), 32, 24,
                Currency.getInstance("JPY"), Optional.empty(), Set.of(Certification.ISO_27001),
                Set.of(SovereigntyAttribute.DATA_RESIDENCY)), 20);
    }

    @Test
    void anyJurisdictionInEuros() throws Exception {
        MatchRequest base = SyntheticMarket.benchmarkRequest();
        MatchRequest r = request(base, List.of(GpuModel.L40S_48GB), 4, 6, Currency.getInstance("EUR"),
                Optional.of(new BigDecimal("0.95")), Set.of(), Set.of());
        assertAgreement(new MatchRequest(r.gpuModels(), r.gpuCount(), r.durationHours(), r.earliestStartHour(),
                r.latestStartHour(), r.currency(), r.maxUnitPrice(), Set.of(), Set.of(), Set.of("US"),
                r.requiredCertifications(), r.requiredSovereignty(), false, 0, Integer.MAX_VALUE), 100);
    }

    private static MatchRequest request(MatchRequest base, List<GpuModel> models, int gpus, int hours, Currency currency,
                                        Optional<BigDecimal> maxUnitPrice, Set<Certification> certifications,
                                        Set<SovereigntyAttribute> sovereignty) {
        return new MatchRequest(models, gpus, hours, base.earliestStartHour(), base.latestStartHour(), currency,
                maxUnitPrice, base.allowedJurisdictions(), Set.of(), Set.of(), certifications, sovereignty, false, 0,
                Integer.MAX_VALUE);
    }

    /** Same rows in the same order, and enough of them for the check to mean something. */
    private static void assertAgreement(MatchRequest request, int atLeast) throws Exception {
        List<SqlMatchQuery.Row> engine = index.match(request, SyntheticMarket.NOW, SyntheticMarket.STALE_AFTER,
                MARKET.rates()).stream().map(SqlMatchQuery.Row::of).toList();
        List<SqlMatchQuery.Row> sql;
        try (Connection connection = PostgresTestResource.openConnection();
             SqlMatchQuery query = new SqlMatchQuery(connection)) {
            sql = query.bind(request, SyntheticMarket.NOW, SyntheticMarket.STALE_AFTER).execute();
        }
        assertThat(engine).hasSizeGreaterThanOrEqualTo(Math.min(atLeast, request.maxOptions()));
        assertThat(sql).containsExactlyElementsOf(engine);
    }
}
