package io.capacitybroker.matching;

import static io.capacitybroker.matching.Fixtures.EUR;
import static io.capacitybroker.matching.Fixtures.H0;
import static io.capacitybroker.matching.Fixtures.NOW;
import static io.capacitybroker.matching.Fixtures.STALE_AFTER;
import static io.capacitybroker.matching.Fixtures.TWD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One site with one offer that matches the default request; each case breaks exactly one hard
 * constraint and the offer must disappear. Boundary cases show each constraint is not stricter
 * than stated.
 */
class HardConstraintsTest {

    /** The site, offer and request of one case, changed by the case before they are indexed. */
    static final class Scenario {
        final Fixtures.SiteBuilder site = Fixtures.site("tw-1");
        final Fixtures.OfferBuilder offer = Fixtures.offer("o-1", "tw-1");
        final Fixtures.RequestBuilder request = Fixtures.request();
        final Map<Long, Integer> usage = new HashMap<>();
        boolean registerSite = true;
        Consumer<OfferIndex> afterLoad = index -> {};

        List<QuoteOption> match() {
            OfferIndex index = new OfferIndex();
            if (registerSite) index.upsertSite(site.build());
            index.upsertOffer(offer.build());
            index.replaceUsage("o-1", usage);
            afterLoad.accept(index);
            return Fixtures.match(index, request.build());
        }
    }

    static Stream<Arguments> brokenConstraints() {
        return Stream.of(
                broken("GPU model not acceptable", s -> s.request.models = List.of(GpuModel.H200_141GB)),
                broken("heartbeat older than staleAfter", s -> s.site.lastHeartbeat = NOW.minus(STALE_AFTER).minusSeconds(1)),
                broken("no heartbeat ever", s -> s.site.lastHeartbeat = null),
                broken("jurisdiction not allowed", s -> s.request.allowedJurisdictions = Set.of(Jurisdiction.SG)),
                broken("country not allowed", s -> s.request.allowedCountries = Set.of("SG")),
                broken("country denied", s -> s.request.deniedCountries = Set.of("TW")),
                broken("certification missing", s -> s.request.requiredCertifications = Set.of(Certification.ISO_27001, Certification.MTCS_SS584_L3)),
                broken("sovereignty attribute missing", s -> s.request.requiredSovereignty = Set.of(SovereigntyAttribute.AIR_GAPPED)),
                broken("duration below minimum term", s -> s.offer.minTermHours = 25),
                broken("GPU count below offer minimum", s -> s.offer.minGpus = 9),
                broken("unit price above maximum", s -> s.request.maxUnitPrice = Optional.of(new BigDecimal("1.99"))),
                broken("converted unit price above maximum", s -> {
                    s.offer.price("1.60", EUR); // 2.00 USD
                    s.request.maxUnitPrice = Optional.of(new BigDecimal("1.9999"));
                }),
                broken("offer currency missing from rates", s -> s.offer.price("60", TWD)),
                broken("window ends before the duration does", s -> s.offer.windowEnd = H0 + 23),
                broken("window starts after latest start", s -> s.offer.windowStart = H0 + 49),
                broken("request starts after window", s -> {
                    s.request.earliestStart = H0 + 200;
                    s.request.latestStart = H0 + 300;
                }),
                broken("too few GPUs in the pool", s -> s.offer.gpus(7)),
                broken("every start blocked by usage", s -> {
                    for (long h = H0; h < H0 + 7 * 24; h += 24) s.usage.put(h + 12, 9);
                }),
                broken("site unknown", s -> s.registerSite = false),
                broken("site removed", s -> s.afterLoad = index -> index.removeSite("tw-1")),
                broken("offer removed", s -> s.afterLoad = index -> index.removeOffer("o-1")));
    }

    static Stream<Arguments> constraintsAtTheirBoundary() {
        return Stream.of(
                broken("heartbeat exactly staleAfter old", s -> s.site.lastHeartbeat = NOW.minus(STALE_AFTER)),
                broken("duration equals minimum term", s -> s.offer.minTermHours = 24),
                broken("GPU count equals offer minimum", s -> s.offer.minGpus = 8),
                broken("converted unit price equals maximum", s -> {
                    s.offer.price("1.60", EUR);
                    s.request.maxUnitPrice = Optional.of(new BigDecimal("2.00"));
                }),
                broken("window exactly as long as the duration", s -> s.offer.windowEnd = H0 + 24),
                broken("window starts at latest start", s -> s.offer.windowStart = H0 + 48),
                broken("pool exactly as large as the request", s -> s.offer.gpus(8)),
                broken("usage leaves exactly enough", s -> s.usage.put(H0, 8)),
                broken("no jurisdiction filter", s -> s.request.anyPlace()));
    }

    private static Arguments broken(String name, Consumer<Scenario> change) {
        return arguments(name, change);
    }

    @Test
    void theUnchangedScenarioMatchesWithEverythingTheLegNeedsToBeBooked() {
        Scenario scenario = new Scenario();
        scenario.offer.requiresConfirmation = true;

        assertThat(scenario.match()).singleElement().satisfies(option -> {
            assertThat(option.rank()).isEqualTo(1);
            assertThat(option.startHour()).isEqualTo(H0);
            assertThat(option.legs()).singleElement().satisfies(leg -> {
                assertThat(leg.offerId()).isEqualTo("o-1");
                assertThat(leg.siteId()).isEqualTo("tw-1");
                assertThat(leg.partnerId()).isEqualTo("partner-1");
                assertThat(leg.gpuModel()).isEqualTo(GpuModel.H100_SXM_80GB);
                assertThat(leg.gpuCount()).isEqualTo(8);
                assertThat(leg.requiresConfirmation()).isTrue();
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConstraints")
    void anOfferThatBreaksAHardConstraintIsNeverOffered(String name, Consumer<Scenario> breakIt) {
        Scenario scenario = new Scenario();
        breakIt.accept(scenario);

        assertThat(scenario.match()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constraintsAtTheirBoundary")
    void anOfferAtTheBoundaryOfAConstraintIsStillOffered(String name, Consumer<Scenario> change) {
        Scenario scenario = new Scenario();
        change.accept(scenario);

        assertThat(scenario.match()).hasSize(1);
    }

    @Test
    void aStaleSiteSellsAgainAfterAHeartbeat() {
        Scenario scenario = new Scenario();
        scenario.site.lastHeartbeat = NOW.minusSeconds(3600);
        scenario.afterLoad = index -> index.heartbeat("tw-1", NOW.minusSeconds(10));

        assertThat(scenario.match()).hasSize(1);
    }

    @Test
    void anOlderHeartbeatArrivingLateDoesNotMakeASiteStale() {
        Scenario scenario = new Scenario();
        scenario.afterLoad = index -> index.heartbeat("tw-1", NOW.minusSeconds(3600));

        assertThat(scenario.match()).hasSize(1);
    }

    @Test
    void anOfferPublishedBeforeItsSiteIsSoldOnceTheSiteIsKnown() {
        Scenario scenario = new Scenario();
        scenario.registerSite = false;
        scenario.afterLoad = index -> index.upsertSite(scenario.site.build());

        assertThat(scenario.match()).hasSize(1);
    }

    @Test
    void aSiteThatChangesJurisdictionTakesItsOffersAlong() {
        Scenario scenario = new Scenario();
        scenario.request.allowedJurisdictions = Set.of(Jurisdiction.SG);
        scenario.afterLoad = index -> index.upsertSite(scenario.site.in("SG", Jurisdiction.SG).build());

        assertThat(scenario.match()).hasSize(1);
    }

    @Test
    void aRequestInTheOfferCurrencyNeedsNoRate() {
        Scenario scenario = new Scenario();
        scenario.offer.price("60", TWD);
        scenario.request.currency = TWD;
        scenario.request.maxUnitPrice = Optional.empty();

        assertThat(scenario.match()).singleElement()
                .satisfies(option -> assertThat(option.total().currency()).isEqualTo(TWD));
    }
}
