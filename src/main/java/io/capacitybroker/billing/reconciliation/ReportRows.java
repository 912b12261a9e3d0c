package io.capacitybroker.billing.reconciliation;

import io.capacitybroker.billing.invoice.InvoiceStatus;
import io.capacitybroker.billing.rating.LineKind;
import io.capacitybroker.billing.rating.MeteredUsage;
import io.capacitybroker.billing.rating.RatedAllocation;
import io.capacitybroker.billing.rating.RatedLine;
import io.capacitybroker.billing.rating.RatedReservation;
import io.capacitybroker.billing.rating.RatingResult;
import io.capacitybroker.billing.rating.UnratedUsage;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Payout;
import io.capacitybroker.billing.payout.PayoutStatus;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Statement;
import io.capacitybroker.billing.reconciliation.ReconciliationReport.AllocationRow;
import io.capacitybroker.billing.reconciliation.ReconciliationReport.CurrencyTotals;
import io.capacitybroker.billing.reconciliation.ReconciliationReport.Summary;
import io.capacitybroker.billing.reconciliation.ReconciliationReport.UsageRow;
import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/** Lays the compared books out as the report: rows per allocation and usage record, totals per currency. */
final class ReportRows {
    private ReportRows() {}

    static ReconciliationReport report(PeriodBooks books, RatingResult rating, Collection<Reconciler.Billed> billed,
                                       List<Mismatch> mismatches) {
        Map<String, Money> creditedByLine = new HashMap<>();
        Set<String> billedLineIds = new TreeSet<>();
        billed.forEach(b -> billedLineIds.add(b.line().id()));
        books.credits().stream().filter(c -> billedLineIds.contains(c.invoiceLineId()))
                .forEach(c -> creditedByLine.merge(c.invoiceLineId(), c.amount(), Money::plus));
        Map<MismatchKind, Integer> counts = new EnumMap<>(MismatchKind.class);
        for (MismatchKind kind : MismatchKind.values()) counts.put(kind, 0);
        mismatches.forEach(m -> counts.merge(m.kind(), 1, Integer::sum));
        return new ReconciliationReport(books.period().toString(), books.billingRun(),
                new Summary(mismatches.isEmpty(), totals(books, rating, creditedByLine), counts),
                allocations(books, rating, billed, creditedByLine, mismatches), usage(rating, books), List.copyOf(mismatches));
    }

    private static List<AllocationRow> allocations(PeriodBooks books, RatingResult rating, Collection<Reconciler.Billed> billed,
                                                   Map<String, Money> creditedByLine, List<Mismatch> mismatches) {
        Map<String, List<RatedLine>> ratedByAllocation = new TreeMap<>();
        rating.lines().forEach(l -> ratedByAllocation.computeIfAbsent(l.allocationId(), k -> new ArrayList<>()).add(l));
        Map<String, List<Reconciler.Billed>> billedByAllocation = new TreeMap<>();
        billed.forEach(b -> billedByAllocation.computeIfAbsent(b.line().allocationId(), k -> new ArrayList<>()).add(b));
        Map<String, BigDecimal> delivered = deliveredPerAllocation(books, rating);
        Set<String> allocationIds = new TreeSet<>(ratedByAllocation.keySet());
        allocationIds.addAll(billedByAllocation.keySet());

        List<AllocationRow> rows = new ArrayList<>();
        for (String allocationId : allocationIds) {
            List<RatedLine> rated = ratedByAllocation.getOrDefault(allocationId, List.of());
            List<Reconciler.Billed> invoiced = billedByAllocation.getOrDefault(allocationId, List.of());
            Identity who = rated.isEmpty() ? Identity.of(invoiced.get(0)) : Identity.of(rated.get(0));
            String invoiceId = invoiced.isEmpty() ? null : invoiced.get(0).invoice().id();
            String invoiceStatus = invoiced.isEmpty() ? null : invoiced.get(0).invoice().status().name();
            Statement statement = books.statements().stream().filter(s -> s.partnerId().equals(who.partnerId())
                    && s.invoiced().currency().equals(who.currency())).findFirst().orElse(null);
            Payout payout = statement == null ? null : books.payouts().stream()
                    .filter(p -> p.statementId().equals(statement.id()))
                    .min(Comparator.comparing((Payout p) -> p.status() != PayoutStatus.PAID).thenComparing(Payout::id)).orElse(null);
            BigDecimal reserved = rated.stream().filter(l -> l.kind() == LineKind.RESERVED).map(RatedLine::quantity)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            List<MismatchKind> kinds = mismatches.stream().filter(m -> allocationId.equals(m.allocationId())
                            || m.allocationId() == null && invoiceId != null && invoiceId.equals(m.invoiceId())
                            || m.allocationId() == null && statement != null && statement.id().equals(m.statementId()))
                    .map(Mismatch::kind).distinct().toList();
            rows.add(new AllocationRow(who.reservationId(), allocationId, who.tenantId(), who.partnerId(), who.offerId(),
                    who.currency().getCurrencyCode(), reserved, delivered.getOrDefault(allocationId, BigDecimal.ZERO),
                    sum(rated.stream().map(RatedLine::amount), who.currency()),
                    sum(invoiced.stream().map(b -> b.line().amount()), who.currency()),
                    sum(invoiced.stream().map(b -> creditedByLine.get(b.line().id())).filter(Objects::nonNull), who.currency()),
                    invoiceId, invoiceStatus, statement == null ? null : statement.id(), payout == null ? null : payout.id(),
                    payout == null ? null : payout.status().name(), kinds));
        }
        rows.sort(Comparator.comparing(AllocationRow::reservationId).thenComparing(AllocationRow::allocationId));
        return rows;
    }

    /** Who an allocation row is about, from its rated or, failing that, its invoiced lines. */
    private record Identity(String reservationId, String tenantId, String partnerId, UUID offerId, Currency currency) {
        static Identity of(RatedLine l) {
            return new Identity(l.reservationId(), l.tenantId(), l.partnerId(), l.offerId(), l.currency());
        }

        static Identity of(Reconciler.Billed b) {
            return new Identity(b.line().reservationId(), b.invoice().tenantId(), b.line().partnerId(), b.line().offerId(),
                    b.invoice().currency());
        }
    }

    /** Rated usage per allocation: a reservation's usage on an offer counts on its first allocation there, as in rating. */
    private static Map<String, BigDecimal> deliveredPerAllocation(PeriodBooks books, RatingResult rating) {
        Map<String, String> firstAllocation = new HashMap<>();
        for (RatedReservation r : books.reservations()) {
            r.allocations().stream().sorted(Comparator.comparing(RatedAllocation::allocationId))
                    .forEach(a -> firstAllocation.putIfAbsent(r.reservationId() + "/" + a.offerId(), a.allocationId()));
        }
        Set<String> unrated = new TreeSet<>();
        rating.unrated().forEach(u -> unrated.add(u.usage().partnerId() + "/" + u.usage().recordId()));
        Map<String, BigDecimal> delivered = new HashMap<>();
        for (MeteredUsage u : books.usage()) {
            if (!books.period().contains(u.periodStart()) || unrated.contains(u.partnerId() + "/" + u.recordId())) continue;
            String allocation = firstAllocation.get(u.reservationId() + "/" + u.offerId());
            if (allocation != null) delivered.merge(allocation, u.gpuHours(), BigDecimal::add);
        }
        return delivered;
    }

    private static List<UsageRow> usage(RatingResult rating, PeriodBooks books) {
        Map<String, UnratedUsage.Reason> unrated = new HashMap<>();
        rating.unrated().forEach(u -> unrated.put(u.usage().partnerId() + "/" + u.usage().recordId(), u.reason()));
        return books.usage().stream().filter(u -> books.period().contains(u.periodStart()))
                .sorted(Comparator.comparing(MeteredUsage::partnerId).thenComparing(MeteredUsage::recordId))
                .map(u -> {
                    UnratedUsage.Reason reason = unrated.get(u.partnerId() + "/" + u.recordId());
                    return new UsageRow(u.partnerId(), u.recordId(), u.reservationId(), u.offerId(), u.gpuHours(),
                            u.periodStart(), u.periodEnd(), reason == null, reason == null ? null : reason.name());
                }).toList();
    }

    private static List<CurrencyTotals> totals(PeriodBooks books, RatingResult rating, Map<String, Money> creditedByLine) {
        Map<Currency, Running> byCurrency = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
        Function<Money, Running> of = amount -> byCurrency.computeIfAbsent(amount.currency(), Running::new);
        rating.lines().forEach(l -> of.apply(l.amount()).rated.add(l.amount()));
        books.invoices().forEach(i -> {
            of.apply(i.total()).invoiced.add(i.total());
            if (i.status() == InvoiceStatus.PAID && i.amountPaid() != null) of.apply(i.amountPaid()).paid.add(i.amountPaid());
        });
        creditedByLine.values().forEach(amount -> of.apply(amount).credited.add(amount));
        books.payouts().stream().filter(p -> p.status() == PayoutStatus.PAID).forEach(p -> of.apply(p.amount()).paidOut.add(p.amount()));
        books.statements().forEach(s -> of.apply(s.commission()).commission.add(s.commission()));
        return byCurrency.entrySet().stream().map(e -> e.getValue().totals(e.getKey())).toList();
    }

    /** One currency's running totals. */
    private static final class Running {
        final Sum rated;
        final Sum invoiced;
        final Sum credited;
        final Sum paid;
        final Sum paidOut;
        final Sum commission;

        Running(Currency currency) {
            rated = new Sum(currency);
            invoiced = new Sum(currency);
            credited = new Sum(currency);
            paid = new Sum(currency);
            paidOut = new Sum(currency);
            commission = new Sum(currency);
        }

        CurrencyTotals totals(Currency currency) {
            return new CurrencyTotals(currency.getCurrencyCode(), rated.value.amount(), invoiced.value.amount(),
                    credited.value.amount(), paid.value.amount(), paidOut.value.amount(), commission.value.amount());
        }
    }

    private static final class Sum {
        Money value;

        Sum(Currency currency) {
            value = Money.zero(currency);
        }

        void add(Money amount) {
            value = value.plus(amount);
        }
    }

    private static BigDecimal sum(Stream<Money> amounts, Currency currency) {
        return amounts.reduce(Money.zero(currency), Money::plus).amount();
    }
}
