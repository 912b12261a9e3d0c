package io.capacitybroker.billing.payout;

import io.capacitybroker.billing.rating.Commission;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.money.Money;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** The partner_statement and payout tables, and the partners' commission rates and Connect accounts. */
@ApplicationScoped
public class PayoutStore {
    private static final String PAYOUT_COLUMNS = """
            select p.id, p.statement_id, p.period, p.partner_id, p.currency, p.amount, p.status, p.destination,
                   p.stripe_transfer_id, p.failure, p.created_at, p.updated_at""";

    /** A payout as the transfer step needs it, with the partner's Connect account (null when it has none). */
    public record Due(String id, String statementId, String period, String partnerId, Money amount, PayoutStatus status,
                      String account) {}

    public Uni<BigDecimal> commissionRate(Mutiny.Session session, String partnerId) {
        return session.createNativeQuery("select commission_rate from partner where id = :id", Object.class)
                .setParameter("id", partnerId).getResultList()
                .map(rows -> rows.isEmpty() ? Commission.DEFAULT_RATE : Rows.decimal(rows.get(0)).stripTrailingZeros());
    }

    public Uni<Void> insertStatement(Mutiny.Session session, String id, String runId, String period, String partnerId,
                                     Money invoiced, Money credited, Commission commission, Instant at) {
        return session.createNativeQuery("""
                        insert into partner_statement (id, run_id, period, partner_id, currency, invoiced, credited, gross,
                                                       commission_rate, commission, net, created_at)
                        values (:id, :run, :period, :partner, :currency, :invoiced, :credited, :gross, :rate, :commission, :net, :at)""")
                .setParameter("id", id).setParameter("run", runId).setParameter("period", period)
                .setParameter("partner", partnerId).setParameter("currency", invoiced.currency().getCurrencyCode())
                .setParameter("invoiced", invoiced.amount()).setParameter("credited", credited.amount())
                .setParameter("gross", commission.gross().amount()).setParameter("rate", commission.rate())
                .setParameter("commission", commission.commission().amount()).setParameter("net", commission.net().amount())
                .setParameter("at", at)
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Void> insertPayout(Mutiny.Session session, String id, String statementId, String runId, String period,
                                  String partnerId, Money amount, Instant at) {
        return session.createNativeQuery("""
                        insert into payout (id, statement_id, run_id, period, partner_id, currency, amount, status, created_at, updated_at)
                        values (:id, :statement, :run, :period, :partner, :currency, :amount, 'PENDING', :at, :at)""")
                .setParameter("id", id).setParameter("statement", statementId).setParameter("run", runId)
                .setParameter("period", period).setParameter("partner", partnerId)
                .setParameter("currency", amount.currency().getCurrencyCode()).setParameter("amount", amount.amount())
                .setParameter("at", at)
                .executeUpdate().replaceWithVoid();
    }

    // --- transfers ----------------------------------------------------------------------------------

    /** Payouts of a run still without a transfer, in a stable order. */
    public Uni<List<String>> unpaid(Mutiny.Session session, String runId) {
        return session.createNativeQuery("select id from payout where run_id = :run and status in ('PENDING', 'FAILED') order by id",
                        String.class)
                .setParameter("run", runId).getResultList();
    }

    public Uni<Due> due(Mutiny.Session session, String payoutId) {
        return session.createNativeQuery("""
                        select p.id, p.statement_id, p.period, p.partner_id, p.currency, p.amount, p.status, pa.stripe_account_id
                        from payout p join partner pa on pa.id = p.partner_id where p.id = :id""", Object[].class)
                .setParameter("id", payoutId).getSingleResult()
                .map(r -> new Due(r[0].toString(), r[1].toString(), r[2].toString(), r[3].toString(),
                        Money.atMinorUnit(Rows.decimal(r[5]), Currency.getInstance(r[4].toString().trim())),
                        PayoutStatus.valueOf(r[6].toString()), r[7] == null ? null : r[7].toString()));
    }

    /** The payout with this transfer id, or else the one named in the transfer's metadata; locked until commit. */
    public Uni<Optional<Due>> lockForTransfer(Mutiny.Session session, String transferId, String payoutId) {
        return session.createNativeQuery("""
                        select p.id from payout p
                        where p.stripe_transfer_id = :transfer or (p.id = :payout and p.stripe_transfer_id is null)
                        order by (p.stripe_transfer_id is null) limit 1 for update""", String.class)
                .setParameter("transfer", transferId).setParameter("payout", payoutId == null ? "" : payoutId)
                .getResultList()
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(Optional.<Due>empty())
                        : due(session, ids.get(0)).map(Optional::of));
    }

    /** PENDING or FAILED to PAID with its transfer; 0 when another path recorded it first. */
    public Uni<Integer> markPaid(Mutiny.Session session, String payoutId, String transferId, String destination, Instant at) {
        return session.createNativeQuery("""
                        update payout set status = 'PAID', stripe_transfer_id = :transfer, destination = :destination,
                                          failure = null, updated_at = :at
                        where id = :id and status in ('PENDING', 'FAILED')""")
                .setParameter("transfer", transferId).setParameter("destination", destination).setParameter("at", at)
                .setParameter("id", payoutId).executeUpdate();
    }

    /** Stays PENDING (nothing was tried) or becomes FAILED (Stripe refused), with the reason. */
    public Uni<Void> markNotPaid(Mutiny.Session session, String payoutId, PayoutStatus status, String failure, Instant at) {
        return session.createNativeQuery("""
                        update payout set status = :status, failure = :failure, updated_at = :at
                        where id = :id and status in ('PENDING', 'FAILED')""")
                .setParameter("status", status.name()).setParameter("failure", failure).setParameter("at", at)
                .setParameter("id", payoutId).executeUpdate().replaceWithVoid();
    }

    public Uni<Integer> markReversed(Mutiny.Session session, String payoutId, Instant at) {
        return session.createNativeQuery("update payout set status = 'REVERSED', updated_at = :at where id = :id and status = 'PAID'")
                .setParameter("at", at).setParameter("id", payoutId).executeUpdate();
    }

    // --- reading ------------------------------------------------------------------------------------

    public Uni<List<PayoutView>> payouts(Mutiny.Session session, String period, String partnerId, int page, int size) {
        return session.createNativeQuery(PAYOUT_COLUMNS + " " + """
                         from payout p
                         where (cast(:period as text) is null or p.period = :period)
                           and (cast(:partner as text) is null or p.partner_id = :partner)
                         order by p.period desc, p.partner_id, p.currency, p.id limit :size offset :offset""", Object[].class)
                .setParameter("period", period).setParameter("partner", partnerId)
                .setParameter("size", size).setParameter("offset", page * size)
                .getResultList()
                .map(rows -> rows.stream().map(r -> payout(r, 0)).toList());
    }

    public Uni<Optional<PayoutView>> payout(Mutiny.Session session, String payoutId) {
        return session.createNativeQuery(PAYOUT_COLUMNS + " from payout p where p.id = :id", Object[].class)
                .setParameter("id", payoutId).getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> payout(r, 0)));
    }

    public Uni<List<StatementView>> statements(Mutiny.Session session, String partnerId, String period) {
        return session.createNativeQuery("""
                        select s.id, s.run_id, s.period, s.partner_id, s.currency, s.invoiced, s.credited, s.gross,
                               s.commission_rate, s.commission, s.net, s.created_at,
                               p.id, p.statement_id, p.period, p.partner_id, p.currency, p.amount, p.status, p.destination,
                               p.stripe_transfer_id, p.failure, p.created_at, p.updated_at
                        from partner_statement s left join payout p on p.statement_id = s.id
                        where (cast(:partner as text) is null or s.partner_id = :partner)
                          and (cast(:period as text) is null or s.period = :period)
                        order by s.period desc, s.partner_id, s.currency""", Object[].class)
                .setParameter("partner", partnerId).setParameter("period", period)
                .getResultList()
                .map(rows -> rows.stream().map(r -> {
                    Currency c = Currency.getInstance(r[4].toString().trim());
                    return new StatementView(r[0].toString(), r[1].toString(), r[2].toString(), r[3].toString(),
                            c.getCurrencyCode(), minor(r[5], c), minor(r[6], c), minor(r[7], c),
                            Rows.decimal(r[8]).stripTrailingZeros(), minor(r[9], c), minor(r[10], c), Rows.instant(r[11]),
                            r[12] == null ? null : payout(r, 12));
                }).toList());
    }

    /** [payouts of the run, those paid]. */
    public Uni<int[]> progress(Mutiny.Session session, String runId) {
        return session.createNativeQuery("""
                        select count(*), count(*) filter (where status in ('PAID', 'REVERSED')) from payout where run_id = :run""",
                        Object[].class)
                .setParameter("run", runId).getSingleResult()
                .map(r -> new int[] {Rows.integer(r[0]), Rows.integer(r[1])});
    }

    public Uni<Integer> statementCount(Mutiny.Session session, String runId) {
        return session.createNativeQuery("select count(*) from partner_statement where run_id = :run", Object.class)
                .setParameter("run", runId).getSingleResult().map(Rows::integer);
    }

    /** Sets the partner's Stripe Connect account; false when there is no such partner. */
    public Uni<Boolean> setAccount(Mutiny.Session session, String partnerId, String accountId) {
        return session.createNativeQuery("update partner set stripe_account_id = :account where id = :id")
                .setParameter("account", accountId).setParameter("id", partnerId).executeUpdate().map(n -> n == 1);
    }

    private static PayoutView payout(Object[] r, int at) {
        Currency c = Currency.getInstance(r[at + 4].toString().trim());
        return new PayoutView(r[at].toString(), r[at + 1].toString(), r[at + 2].toString(), r[at + 3].toString(),
                c.getCurrencyCode(), minor(r[at + 5], c), PayoutStatus.valueOf(r[at + 6].toString()), text(r[at + 7]),
                text(r[at + 8]), text(r[at + 9]), Rows.instant(r[at + 10]), Rows.instant(r[at + 11]));
    }

    private static BigDecimal minor(Object value, Currency currency) {
        return Money.atMinorUnit(Rows.decimal(value), currency).amount();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
