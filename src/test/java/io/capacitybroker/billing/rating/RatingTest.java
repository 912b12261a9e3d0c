package io.capacitybroker.billing.rating;

import io.capacitybroker.platform.time.BillingPeriod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rating rule of docs/billing.md, case by case, including its worked example. */
class RatingTest {
    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final BillingPeriod MARCH = BillingPeriod.of(2030, 3);
    private static final BillingPeriod APRIL = BillingPeriod.of(2030, 4);
    private static final UUID OFFER = UUID.fromString("00000000-0000-0000-0000-00000000a100");
    private static final UUID OTHER_OFFER = UUID.fromString("00000000-0000-0000-0000-00000000b200");
    private static final BigDecimal QUARTER = new BigDecimal("0.25");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static RatedAllocation allocation(String id, int gpus, String price, Currency currency) {
        return new RatedAllocation(id, "singtel", OFFER, gpus, new BigDecimal(price), currency);
    }

    private static RatedReservation booked(String id, String start, String end, RatedAllocation... allocations) {
        return new RatedReservation(id, "acme", BillingStatus.BOOKED, at(start), at(end), null, List.of(allocations));
    }

    private static RatedReservation cancelled(String id, String start, String end, Cancellation cancellation,
                                              RatedAllocation... allocations) {
        return new RatedReservation(id, "acme", BillingStatus.CANCELLED, at(start), at(end), cancellation, List.of(allocations));
    }

    private static MeteredUsage usage(String recordId, String reservationId, UUID offer, String gpuHours, String start, String end) {
        return new MeteredUsage("singtel", recordId, reservationId, offer, new BigDecimal(gpuHours), at(start), at(end));
    }

    private static RatingResult rate(BillingPeriod period, List<RatedReservation> reservations, MeteredUsage... usage) {
        return Rating.rate(period, reservations, List.of(usage));
    }

    @Test
    void aReservationWithinTheMonthBillsItsBookedGpuHoursAtTheQuotedPrice() {
        RatingResult result = rate(MARCH, List.of(booked("r", "2030-03-10T00:00:00Z", "2030-03-10T10:00:00Z",
                allocation("a", 8, "2.00", USD))));
        assertThat(result.lines()).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(LineKind.RESERVED);
            assertThat(line.quantity()).isEqualByComparingTo("80");
            assertThat(line.unitPrice()).isEqualByComparingTo("2.00");
            assertThat(line.amount()).isEqualTo(Money.of("160.00", "USD"));
            assertThat(line.period()).isEqualTo(MARCH);
            assertThat(line.tenantId()).isEqualTo("acme");
            assertThat(line.partnerId()).isEqualTo("singtel");
        });
    }

    @Test
    void hoursAreSplitAtTheMonthBoundaryAndEachMonthIsRoundedOnItsOwn() {
        RatedReservation r1 = booked("r1", "2030-03-31T19:00:00Z", "2030-04-01T02:00:00Z", allocation("a", 3, "2.345", USD));
        RatedLine march = rate(MARCH, List.of(r1)).lines().get(0);
        RatedLine april = rate(APRIL, List.of(r1)).lines().get(0);
        assertThat(march.quantity()).isEqualByComparingTo("15");
        assertThat(march.exactAmount()).isEqualByComparingTo("35.175");
        assertThat(march.amount()).isEqualTo(Money.of("35.18", "USD"));
        assertThat(april.quantity()).isEqualByComparingTo("6");
        assertThat(april.amount()).isEqualTo(Money.of("14.07", "USD"));
        // The documented consequence: 49.25 over two invoices against a quote of 21 x 2.345 = 49.245 -> 49.24.
        assertThat(march.amount().plus(april.amount())).isEqualTo(Money.of("49.25", "USD"));
        assertThat(Money.rounded(new BigDecimal("49.245"), USD)).isEqualTo(Money.of("49.24", "USD"));
        assertThat(rate(BillingPeriod.of(2030, 2), List.of(r1)).lines()).isEmpty();
        assertThat(rate(BillingPeriod.of(2030, 5), List.of(r1)).lines()).isEmpty();
    }

    @Test
    void aReservationOverAWholeMonthAndBeyondBillsEveryHourOfTheMonth() {
        RatedReservation long_ = booked("r", "2030-01-15T00:00:00Z", "2030-05-01T00:00:00Z", allocation("a", 2, "1.50", USD));
        assertThat(rate(BillingPeriod.of(2030, 2), List.of(long_)).lines().get(0).quantity()).isEqualByComparingTo("1344"); // 28 d
        assertThat(rate(MARCH, List.of(long_)).lines().get(0).quantity()).isEqualByComparingTo("1488"); // 31 d
        assertThat(rate(APRIL, List.of(long_)).lines().get(0).quantity()).isEqualByComparingTo("1440"); // 30 d
        assertThat(rate(BillingPeriod.of(2030, 1), List.of(long_)).lines().get(0).quantity()).isEqualByComparingTo("816"); // 17 d
    }

    @Test
    void aLateCancellationBillsTheHoursThatHadBegunAndTheFeeInTheMonthOfTheCancellation() {
        RatedReservation r3 = cancelled("r3", "2030-03-20T00:00:00Z", "2030-03-21T00:00:00Z",
                new Cancellation(at("2030-03-20T05:30:00Z"), true, QUARTER), allocation("a", 4, "2.345", USD));
        List<RatedLine> lines = rate(MARCH, List.of(r3)).lines();
        assertThat(lines).extracting(RatedLine::kind).containsExactly(LineKind.RESERVED, LineKind.CANCELLATION_FEE);
        assertThat(lines.get(0).quantity()).isEqualByComparingTo("24"); // 00:00-06:00, the 05:00 slot had begun
        assertThat(lines.get(0).amount()).isEqualTo(Money.of("56.28", "USD"));
        assertThat(lines.get(1).quantity()).isEqualByComparingTo("72"); // 18 h released x 4 GPUs
        assertThat(lines.get(1).unitPrice()).isEqualByComparingTo("0.58625");
        assertThat(lines.get(1).amount()).isEqualTo(Money.of("42.21", "USD"));
    }

    @Test
    void aCancellationExactlyOnTheHourKeepsOnlyTheSlotsBeforeIt() {
        RatedReservation r = cancelled("r", "2030-03-20T00:00:00Z", "2030-03-20T10:00:00Z",
                new Cancellation(at("2030-03-20T04:00:00Z"), true, QUARTER), allocation("a", 1, "1.00", USD));
        List<RatedLine> lines = rate(MARCH, List.of(r)).lines();
        assertThat(lines.get(0).quantity()).isEqualByComparingTo("4");
        assertThat(lines.get(1).quantity()).isEqualByComparingTo("6");
    }

    @Test
    void aFreeCancellationBeforeTheStartBillsNothingAndAFeeFollowsTheCancellationsMonth() {
        RatedReservation free = cancelled("free", "2030-03-20T00:00:00Z", "2030-03-21T00:00:00Z",
                new Cancellation(at("2030-03-10T00:00:00Z"), true, BigDecimal.ZERO), allocation("a", 4, "2.00", USD));
        assertThat(rate(MARCH, List.of(free)).lines()).isEmpty();

        // Cancelled late in March for an April start: the fee is a March line, April bills nothing.
        RatedReservation aprilStart = cancelled("late", "2030-04-01T00:00:00Z", "2030-04-01T10:00:00Z",
                new Cancellation(at("2030-03-31T20:00:00Z"), true, QUARTER), allocation("a", 2, "3.00", USD));
        assertThat(rate(MARCH, List.of(aprilStart)).lines()).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(LineKind.CANCELLATION_FEE);
            assertThat(line.quantity()).isEqualByComparingTo("20");
            assertThat(line.amount()).isEqualTo(Money.of("15.00", "USD"));
        });
        assertThat(rate(APRIL, List.of(aprilStart)).lines()).isEmpty();
    }

    @Test
    void aReservationNeverConfirmedBillsNothingAndItsUsageIsUnrated() {
        RatedReservation pending = cancelled("p", "2030-03-20T00:00:00Z", "2030-03-21T00:00:00Z",
                new Cancellation(at("2030-03-20T05:00:00Z"), false, BigDecimal.ZERO), allocation("a", 4, "2.00", USD));
        RatedReservation expired = new RatedReservation("e", "acme", BillingStatus.NOT_BILLABLE,
                at("2030-03-20T00:00:00Z"), at("2030-03-21T00:00:00Z"), null, List.of(allocation("b", 1, "2.00", USD)));
        RatingResult result = rate(MARCH, List.of(pending, expired),
                usage("u1", "p", OFFER, "4", "2030-03-20T00:00:00Z", "2030-03-20T01:00:00Z"),
                usage("u2", "e", OFFER, "1", "2030-03-20T00:00:00Z", "2030-03-20T01:00:00Z"));
        assertThat(result.lines()).isEmpty();
        assertThat(result.unrated()).extracting(UnratedUsage::reason).containsOnly(UnratedUsage.Reason.RESERVATION_NOT_BILLABLE);
    }

    @Test
    void usageBeyondTheBookedGpuHoursIsOverageAtTheSamePriceAndUnderUseIsNotRefunded() {
        RatedReservation r2 = booked("r2", "2030-03-10T00:00:00Z", "2030-03-10T10:00:00Z", allocation("a", 8, "2.345", USD));
        RatingResult over = rate(MARCH, List.of(r2),
                usage("u1", "r2", OFFER, "80", "2030-03-10T00:00:00Z", "2030-03-10T10:00:00Z"),
                usage("u2", "r2", OFFER, "5", "2030-03-10T10:00:00Z", "2030-03-10T11:00:00Z"));
        assertThat(over.lines()).extracting(RatedLine::kind).containsExactly(LineKind.RESERVED, LineKind.OVERAGE);
        RatedLine overage = over.lines().get(1);
        assertThat(overage.quantity()).isEqualByComparingTo("5");
        assertThat(overage.exactAmount()).isEqualByComparingTo("11.725");
        assertThat(overage.amount()).isEqualTo(Money.of("11.72", "USD"));

        RatingResult under = rate(MARCH, List.of(r2), usage("u1", "r2", OFFER, "12.5", "2030-03-10T00:00:00Z", "2030-03-10T10:00:00Z"));
        assertThat(under.lines()).extracting(RatedLine::kind).containsExactly(LineKind.RESERVED);
        assertThat(under.lines().get(0).amount()).isEqualTo(Money.of("187.60", "USD"));

        RatingResult fractional = rate(MARCH, List.of(r2), usage("u1", "r2", OFFER, "80.333333", "2030-03-10T00:00:00Z", "2030-03-10T10:00:00Z"));
        assertThat(fractional.lines().get(1).quantity()).isEqualByComparingTo("0.333333");
        assertThat(fractional.lines().get(1).exactAmount()).isEqualByComparingTo("0.781665885");
        assertThat(fractional.lines().get(1).amount()).isEqualTo(Money.of("0.78", "USD"));
    }

    @Test
    void overageIsComparedPerMonthSoUsageAfterAnAprilEndInAMonthWithoutBookedHoursIsAllOverage() {
        RatedReservation r = booked("r", "2030-03-31T20:00:00Z", "2030-04-01T00:00:00Z", allocation("a", 1, "1.00", USD));
        RatingResult april = rate(APRIL, List.of(r), usage("u", "r", OFFER, "2", "2030-04-01T00:00:00Z", "2030-04-01T02:00:00Z"),
                usage("m", "r", OFFER, "1", "2030-03-31T20:00:00Z", "2030-03-31T21:00:00Z"));
        assertThat(april.lines()).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(LineKind.OVERAGE);
            assertThat(line.quantity()).isEqualByComparingTo("2");
        });
    }

    @Test
    void eachLegOfASplitReservationIsItsOwnLineAndUsageCountsAgainstItsOwnOffer() {
        RatedAllocation tw = new RatedAllocation("a1", "gmi-magna", OFFER, 8, new BigDecimal("92.50"), Currency.getInstance("TWD"));
        RatedAllocation sg = new RatedAllocation("a2", "singtel", OTHER_OFFER, 8, new BigDecimal("4.10"), Currency.getInstance("SGD"));
        RatedReservation split = booked("s", "2030-03-01T00:00:00Z", "2030-03-01T02:00:00Z", tw, sg);
        RatingResult result = rate(MARCH, List.of(split),
                usage("u", "s", OTHER_OFFER, "17", "2030-03-01T00:00:00Z", "2030-03-01T03:00:00Z"),
                usage("x", "s", UUID.randomUUID(), "1", "2030-03-01T00:00:00Z", "2030-03-01T01:00:00Z"));
        assertThat(result.lines()).extracting(RatedLine::allocationId, RatedLine::kind, l -> l.amount().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a1", LineKind.RESERVED, "1480.00 TWD"),
                        org.assertj.core.groups.Tuple.tuple("a2", LineKind.RESERVED, "65.60 SGD"),
                        org.assertj.core.groups.Tuple.tuple("a2", LineKind.OVERAGE, "4.10 SGD"));
        assertThat(result.unrated()).singleElement().extracting(UnratedUsage::reason)
                .isEqualTo(UnratedUsage.Reason.OFFER_NOT_IN_RESERVATION);
        assertThat(result.totals()).containsOnlyKeys(Currency.getInstance("SGD"), Currency.getInstance("TWD"));
        assertThat(result.totals().get(Currency.getInstance("SGD"))).isEqualTo(Money.of("69.70", "SGD"));
    }

    @Test
    void usageWithoutOrWithAnUnknownReservationIsUnratedAndUsageOfOtherMonthsIgnored() {
        RatingResult result = rate(MARCH, List.of(),
                usage("b", null, OFFER, "3", "2030-03-05T00:00:00Z", "2030-03-05T01:00:00Z"),
                usage("a", "nowhere", OFFER, "3", "2030-03-05T00:00:00Z", "2030-03-05T01:00:00Z"),
                usage("c", null, OFFER, "3", "2030-04-05T00:00:00Z", "2030-04-05T01:00:00Z"));
        assertThat(result.lines()).isEmpty();
        assertThat(result.unrated()).extracting(u -> u.usage().recordId(), UnratedUsage::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", UnratedUsage.Reason.UNKNOWN_RESERVATION),
                org.assertj.core.groups.Tuple.tuple("b", UnratedUsage.Reason.NO_RESERVATION));
    }

    @Test
    void yenHasNoMinorUnitAndHalfWayCasesGoToTheEvenNeighbour() {
        RatedReservation three = booked("j3", "2030-03-01T00:00:00Z", "2030-03-01T03:00:00Z", allocation("a", 1, "352.5", JPY));
        RatedReservation five = booked("j5", "2030-03-01T00:00:00Z", "2030-03-01T05:00:00Z", allocation("a", 1, "352.5", JPY));
        RatingResult result = rate(MARCH, List.of(three, five));
        assertThat(result.lines()).extracting(l -> l.amount().amount().toPlainString()).containsExactly("1058", "1762");
        assertThat(result.lines().get(0).exactAmount()).isEqualByComparingTo("1057.5");
        assertThat(result.lines().get(0).amount().amount().scale()).isZero();
        assertThat(result.totals().get(JPY)).isEqualTo(Money.of("2820", "JPY"));
    }

    @Test
    void halfWayCentsRoundHalfEven() {
        RatedReservation down = booked("d", "2030-03-01T00:00:00Z", "2030-03-01T05:00:00Z", allocation("a", 1, "0.025", USD));
        RatedReservation up = booked("u", "2030-03-01T00:00:00Z", "2030-03-01T05:00:00Z", allocation("a", 1, "0.027", USD));
        RatingResult result = rate(MARCH, List.of(down, up));
        assertThat(result.lines()).extracting(RatedLine::exactAmount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("0.125"), new BigDecimal("0.135"));
        assertThat(result.lines()).extracting(l -> l.amount().amount().toPlainString()).containsExactly("0.12", "0.14");
    }

    @Test
    void manyLinesSumExactlyToTheTotalOfTheirRoundedAmounts() {
        Random random = new Random(42);
        List<RatedReservation> reservations = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int startHour = random.nextInt(24 * 40);
            Instant start = at("2030-02-20T00:00:00Z").plusSeconds(3600L * startHour);
            Instant end = start.plusSeconds(3600L * (1 + random.nextInt(200)));
            BigDecimal price = BigDecimal.valueOf(1 + random.nextInt(9_999_999), 6); // 0.000001 .. 9.999999
            reservations.add(new RatedReservation("r" + i, "acme", BillingStatus.BOOKED, start, end, null,
                    List.of(allocation("a" + i, 1 + random.nextInt(64), price.toPlainString(), USD))));
        }
        RatingResult result = Rating.rate(MARCH, reservations, List.of());
        assertThat(result.lines()).hasSizeGreaterThan(100);
        BigDecimal sumOfRounded = result.lines().stream().map(l -> l.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal sumOfExact = result.lines().stream().map(RatedLine::exactAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(result.totals().get(USD).amount()).isEqualTo(sumOfRounded.setScale(2));
        assertThat(result.lines()).allSatisfy(line -> {
            assertThat(line.amount().amount().scale()).isEqualTo(2);
            assertThat(line.exactAmount().subtract(line.amount().amount()).abs()).isLessThanOrEqualTo(new BigDecimal("0.005"));
        });
        // Half-even keeps the drift of rounding far below one cent per line on average.
        assertThat(sumOfRounded.subtract(sumOfExact).abs())
                .isLessThan(new BigDecimal("0.005").multiply(BigDecimal.valueOf(result.lines().size())).divide(BigDecimal.TEN));
        assertThat(Rating.rate(MARCH, reservations, List.of())).isEqualTo(result); // deterministic
    }

    @Test
    void theWorkedExampleOfTheSpecTotals332Point99() {
        RatedReservation r1 = booked("r1", "2030-03-31T19:00:00Z", "2030-04-01T02:00:00Z", allocation("a1", 3, "2.345", USD));
        RatedReservation r2 = booked("r2", "2030-03-10T00:00:00Z", "2030-03-10T10:00:00Z", allocation("a2", 8, "2.345", USD));
        RatedReservation r3 = cancelled("r3", "2030-03-20T00:00:00Z", "2030-03-21T00:00:00Z",
                new Cancellation(at("2030-03-20T05:30:00Z"), true, QUARTER), allocation("a3", 4, "2.345", USD));
        RatingResult result = rate(MARCH, List.of(r3, r1, r2),
                usage("u1", "r2", OFFER, "80", "2030-03-10T00:00:00Z", "2030-03-10T10:00:00Z"),
                usage("u2", "r2", OFFER, "5", "2030-03-10T10:00:00Z", "2030-03-10T11:00:00Z"));
        assertThat(result.lines()).extracting(RatedLine::reservationId, RatedLine::kind, l -> l.amount().toString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("r1", LineKind.RESERVED, "35.18 USD"),
                        org.assertj.core.groups.Tuple.tuple("r2", LineKind.RESERVED, "187.60 USD"),
                        org.assertj.core.groups.Tuple.tuple("r2", LineKind.OVERAGE, "11.72 USD"),
                        org.assertj.core.groups.Tuple.tuple("r3", LineKind.RESERVED, "56.28 USD"),
                        org.assertj.core.groups.Tuple.tuple("r3", LineKind.CANCELLATION_FEE, "42.21 USD"));
        assertThat(result.totals().get(USD)).isEqualTo(Money.of("332.99", "USD"));

        Commission statement = Commission.on(Money.of("332.99", "USD").minus(Money.of("11.72", "USD")), Commission.DEFAULT_RATE);
        assertThat(statement.gross()).isEqualTo(Money.of("321.27", "USD"));
        assertThat(statement.exactCommission()).isEqualByComparingTo("32.127");
        assertThat(statement.commission()).isEqualTo(Money.of("32.13", "USD"));
        assertThat(statement.net()).isEqualTo(Money.of("289.14", "USD"));
    }

    @Test
    void commissionIsRoundedOnceAndTheNetIsTheExactRemainder() {
        Commission yen = Commission.on(Money.of("1255", "JPY"), Commission.DEFAULT_RATE); // 125.5 -> 126
        assertThat(yen.commission()).isEqualTo(Money.of("126", "JPY"));
        assertThat(yen.net()).isEqualTo(Money.of("1129", "JPY"));
        Commission tie = Commission.on(Money.of("1.25", "USD"), Commission.DEFAULT_RATE); // 0.125 -> 0.12
        assertThat(tie.commission()).isEqualTo(Money.of("0.12", "USD"));
        assertThat(tie.net()).isEqualTo(Money.of("1.13", "USD"));
        assertThat(Commission.on(Money.of("100.00", "EUR"), new BigDecimal("0.075")).net()).isEqualTo(Money.of("92.50", "EUR"));
        assertThatThrownBy(() -> Commission.on(Money.of("1.00", "USD"), new BigDecimal("1.5")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void periodsAreUtcMonthsWrittenYyyyMm() {
        assertThat(BillingPeriod.parse("2030-03")).contains(MARCH);
        assertThat(BillingPeriod.parse("2030-3")).isEmpty();
        assertThat(BillingPeriod.parse("2030-13")).isEmpty();
        assertThat(BillingPeriod.parse("March")).isEmpty();
        assertThat(BillingPeriod.parse(null)).isEmpty();
        assertThat(MARCH.start()).isEqualTo(at("2030-03-01T00:00:00Z"));
        assertThat(MARCH.end()).isEqualTo(at("2030-04-01T00:00:00Z"));
        assertThat(MARCH.contains(at("2030-03-31T23:59:59Z"))).isTrue();
        assertThat(MARCH.contains(at("2030-04-01T00:00:00Z"))).isFalse();
        assertThat(BillingPeriod.containing(at("2030-12-31T23:00:00Z"))).hasToString("2030-12");
    }

    @Test
    void inconsistentInputIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> booked("r", "2030-03-01T00:30:00Z", "2030-03-01T02:00:00Z", allocation("a", 1, "1", USD)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatedReservation("r", "t", BillingStatus.CANCELLED, at("2030-03-01T00:00:00Z"),
                at("2030-03-01T02:00:00Z"), null, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cancellation(at("2030-03-01T00:00:00Z"), true, new BigDecimal("-0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> allocation("a", 0, "1", USD)).isInstanceOf(IllegalArgumentException.class);
    }
}
