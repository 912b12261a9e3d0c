package io.capacitybroker.billing.invoice;

import io.capacitybroker.billing.rating.LineKind;
import io.capacitybroker.billing.rating.RatedLine;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.money.Money;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** The invoice, invoice_line, credit_note and billing_customer tables. */
@ApplicationScoped
public class InvoiceStore {
    private static final String INVOICE_COLUMNS = """
            select id, run_id, period, tenant_id, currency, total, status, issued_at, paid_at, amount_paid,
                   stripe_customer_id, stripe_invoice_id, stripe_status, stripe_number, finalized_at
            from invoice""";

    /** What an invoice still needs at Stripe; {@code lines} are those without an invoice item yet. */
    public record StripeWork(String invoiceId, String tenantId, String period, Money total, String stripeCustomerId,
                             String stripeInvoiceId, String stripeStatus, List<PendingLine> lines) {}

    public record PendingLine(String id, int lineNo, String reservationId, LineKind kind, BigDecimal quantity,
                              BigDecimal unitPrice, Money amount) {}

    /** An invoice locked for a change of its payment status. */
    public record Locked(String id, String period, String tenantId, Currency currency, InvoiceStatus status, Money total) {}

    public Uni<Void> insertInvoice(Mutiny.Session session, String id, String runId, String period, String tenantId,
                                   Money total, Instant issuedAt) {
        return session.createNativeQuery("""
                        insert into invoice (id, run_id, period, tenant_id, currency, total, status, issued_at)
                        values (:id, :run, :period, :tenant, :currency, :total, 'ISSUED', :at)""")
                .setParameter("id", id).setParameter("run", runId).setParameter("period", period)
                .setParameter("tenant", tenantId).setParameter("currency", total.currency().getCurrencyCode())
                .setParameter("total", total.amount()).setParameter("at", issuedAt)
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Void> insertLine(Mutiny.Session session, String id, String invoiceId, int lineNo, RatedLine line) {
        return session.createNativeQuery("""
                        insert into invoice_line (id, invoice_id, line_no, reservation_id, allocation_id, partner_id, offer_id,
                                                  kind, quantity, unit_price, currency, exact_amount, amount)
                        values (:id, :invoice, :no, :reservation, :allocation, :partner, :offer, :kind, :quantity, :price,
                                :currency, :exact, :amount)""")
                .setParameter("id", id).setParameter("invoice", invoiceId).setParameter("no", lineNo)
                .setParameter("reservation", line.reservationId()).setParameter("allocation", line.allocationId())
                .setParameter("partner", line.partnerId()).setParameter("offer", line.offerId())
                .setParameter("kind", line.kind().name()).setParameter("quantity", line.quantity())
                .setParameter("price", line.unitPrice()).setParameter("currency", line.currency().getCurrencyCode())
                .setParameter("exact", line.exactAmount()).setParameter("amount", line.amount().amount())
                .executeUpdate().replaceWithVoid();
    }

    // --- reading ----------------------------------------------------------------------------------

    public Uni<Optional<InvoiceView>> view(Mutiny.Session session, String id) {
        return session.createNativeQuery(INVOICE_COLUMNS + " where id = :id", Object[].class).setParameter("id", id)
                .getResultList()
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(Optional.<InvoiceView>empty())
                        : complete(session, rows.get(0)).map(Optional::of));
    }

    /** Newest period first; {@code tenantId} and {@code period} filter when given. */
    public Uni<List<InvoiceView>> list(Mutiny.Session session, String tenantId, String period, int page, int size) {
        return session.createNativeQuery(INVOICE_COLUMNS + " " + """
                         where (cast(:tenant as text) is null or tenant_id = :tenant)
                           and (cast(:period as text) is null or period = :period)
                         order by period desc, tenant_id, currency, id limit :size offset :offset""", Object[].class)
                .setParameter("tenant", tenantId).setParameter("period", period)
                .setParameter("size", size).setParameter("offset", page * size)
                .getResultList()
                .chain(rows -> {
                    List<InvoiceView> views = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] row : rows) {
                        chain = chain.chain(() -> complete(session, row).invoke(views::add).replaceWithVoid());
                    }
                    return chain.map(nothing -> views);
                });
    }

    private Uni<InvoiceView> complete(Mutiny.Session session, Object[] row) {
        String id = row[0].toString();
        Currency currency = Currency.getInstance(row[4].toString().trim());
        return lines(session, id, currency).chain(lines -> creditNotes(session, id).map(notes -> {
            Money total = Money.atMinorUnit(Rows.decimal(row[5]), currency);
            Money credited = notes.stream().map(n -> Money.atMinorUnit(n.amount(), currency))
                    .reduce(Money.zero(currency), Money::plus);
            return new InvoiceView(id, row[1].toString(), row[2].toString(), row[3].toString(), currency.getCurrencyCode(),
                    total.amount(), credited.amount(), total.minus(credited).amount(), InvoiceStatus.valueOf(row[6].toString()),
                    Rows.instant(row[7]), Rows.instant(row[8]),
                    row[9] == null ? null : Money.atMinorUnit(Rows.decimal(row[9]), currency).amount(),
                    new InvoiceView.StripeState(text(row[10]), text(row[11]), text(row[12]), text(row[13]), Rows.instant(row[14])),
                    lines, notes);
        }));
    }

    private Uni<List<InvoiceView.Line>> lines(Mutiny.Session session, String invoiceId, Currency currency) {
        return session.createNativeQuery("""
                        select l.id, l.line_no, l.reservation_id, l.allocation_id, l.partner_id, l.offer_id, l.kind, l.quantity,
                               l.unit_price, l.exact_amount, l.amount, l.stripe_invoice_item_id,
                               (select coalesce(sum(c.amount), 0) from credit_note_line c where c.invoice_line_id = l.id)
                        from invoice_line l where l.invoice_id = :invoice order by l.line_no""", Object[].class)
                .setParameter("invoice", invoiceId)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new InvoiceView.Line(r[0].toString(), Rows.integer(r[1]), r[2].toString(),
                        r[3].toString(), r[4].toString(), Rows.uuid(r[5]), LineKind.valueOf(r[6].toString()),
                        Rows.decimal(r[7]).stripTrailingZeros(), Rows.decimal(r[8]).stripTrailingZeros(),
                        currency.getCurrencyCode(), Rows.decimal(r[9]), Money.atMinorUnit(Rows.decimal(r[10]), currency).amount(),
                        Money.atMinorUnit(Rows.decimal(r[12]), currency).amount(), text(r[11]))).toList());
    }

    private static final String CREDIT_NOTES = """
            select n.id, n.invoice_id, n.period, n.tenant_id, n.currency, n.amount, n.reason, n.issued_at, n.issued_by,
                   l.line_no, l.invoice_line_id, l.partner_id, l.amount
            from credit_note n join credit_note_line l on l.credit_note_id = n.id
            """;

    private Uni<List<CreditNoteView>> creditNotes(Mutiny.Session session, String invoiceId) {
        return session.createNativeQuery(CREDIT_NOTES + "where n.invoice_id = :invoice order by n.issued_at, n.id, l.line_no",
                        Object[].class)
                .setParameter("invoice", invoiceId)
                .getResultList()
                .map(InvoiceStore::toCreditNotes);
    }

    Uni<CreditNoteView> creditNote(Mutiny.Session session, String id) {
        return session.createNativeQuery(CREDIT_NOTES + "where n.id = :id order by l.line_no", Object[].class)
                .setParameter("id", id)
                .getResultList()
                .map(rows -> toCreditNotes(rows).get(0));
    }

    /** The credit note issued under an Idempotency-Key and the fingerprint of its request, if any. */
    record KeyedCreditNote(String id, String requestHash) {}

    Uni<Optional<KeyedCreditNote>> creditNoteByKey(Mutiny.Session session, String idempotencyKey) {
        return session.createNativeQuery("select id, request_hash from credit_note where idempotency_key = :key", Object[].class)
                .setParameter("key", idempotencyKey)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> new KeyedCreditNote(r[0].toString(), r[1].toString())));
    }

    private static List<CreditNoteView> toCreditNotes(List<Object[]> rows) {
        Map<String, CreditNoteView> notes = new LinkedHashMap<>();
        for (Object[] r : rows) {
            Currency currency = Currency.getInstance(r[4].toString().trim());
            CreditNoteView note = notes.computeIfAbsent(r[0].toString(), id -> new CreditNoteView(id, r[1].toString(),
                    r[2].toString(), r[3].toString(), currency.getCurrencyCode(),
                    Money.atMinorUnit(Rows.decimal(r[5]), currency).amount(), r[6].toString(), Rows.instant(r[7]),
                    r[8].toString(), new ArrayList<>()));
            note.lines().add(new CreditNoteView.Line(Rows.integer(r[9]), r[10].toString(), r[11].toString(),
                    Money.atMinorUnit(Rows.decimal(r[12]), currency).amount()));
        }
        return List.copyOf(notes.values());
    }

    // --- Stripe -----------------------------------------------------------------------------------

    /** Invoices of a run that are not finalized at Stripe yet, in a stable order. */
    public Uni<List<String>> notFinalized(Mutiny.Session session, String runId) {
        return session.createNativeQuery("select id from invoice where run_id = :run and finalized_at is null order by id",
                        String.class)
                .setParameter("run", runId).getResultList();
    }

    public Uni<StripeWork> stripeWork(Mutiny.Session session, String invoiceId) {
        return session.createNativeQuery("""
                        select i.tenant_id, i.period, i.currency, i.total, coalesce(i.stripe_customer_id, c.stripe_customer_id),
                               i.stripe_invoice_id, i.stripe_status
                        from invoice i left join billing_customer c on c.tenant_id = i.tenant_id where i.id = :id""", Object[].class)
                .setParameter("id", invoiceId).getSingleResult()
                .chain(i -> {
                    Currency currency = Currency.getInstance(i[2].toString().trim());
                    return session.createNativeQuery("""
                                    select id, line_no, reservation_id, kind, quantity, unit_price, amount from invoice_line
                                    where invoice_id = :id and stripe_invoice_item_id is null order by line_no""", Object[].class)
                            .setParameter("id", invoiceId).getResultList()
                            .map(rows -> new StripeWork(invoiceId, i[0].toString(), i[1].toString(),
                                    Money.atMinorUnit(Rows.decimal(i[3]), currency), text(i[4]), text(i[5]), text(i[6]),
                                    rows.stream().map(r -> new PendingLine(r[0].toString(), Rows.integer(r[1]), r[2].toString(),
                                            LineKind.valueOf(r[3].toString()), Rows.decimal(r[4]).stripTrailingZeros(),
                                            Rows.decimal(r[5]).stripTrailingZeros(),
                                            Money.atMinorUnit(Rows.decimal(r[6]), currency))).toList()));
                });
    }

    /** The tenant's customer, once Stripe made it; a racing run that stored another first wins, and this returns its id. */
    public Uni<String> recordCustomer(Mutiny.Session session, String tenantId, String customerId, Instant at) {
        return session.createNativeQuery("""
                        insert into billing_customer (tenant_id, stripe_customer_id, created_at) values (:tenant, :customer, :at)
                        on conflict (tenant_id) do nothing""")
                .setParameter("tenant", tenantId).setParameter("customer", customerId).setParameter("at", at)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("select stripe_customer_id from billing_customer where tenant_id = :tenant",
                        String.class).setParameter("tenant", tenantId).getSingleResult());
    }

    public Uni<Integer> recordStripeInvoice(Mutiny.Session session, String invoiceId, String customerId, String stripeInvoiceId,
                                            String stripeStatus) {
        return session.createNativeQuery("""
                        update invoice set stripe_customer_id = :customer, stripe_invoice_id = :stripe, stripe_status = :status
                        where id = :id and stripe_invoice_id is null""")
                .setParameter("customer", customerId).setParameter("stripe", stripeInvoiceId)
                .setParameter("status", stripeStatus).setParameter("id", invoiceId)
                .executeUpdate();
    }

    public Uni<Integer> recordInvoiceItem(Mutiny.Session session, String lineId, String itemId) {
        return session.createNativeQuery("""
                        update invoice_line set stripe_invoice_item_id = :item where id = :id and stripe_invoice_item_id is null""")
                .setParameter("item", itemId).setParameter("id", lineId).executeUpdate();
    }

    /** Finalized: numbered and open (or already paid, when there was nothing to collect). */
    public Uni<Integer> recordFinalized(Mutiny.Session session, String invoiceId, String stripeStatus, String number, Instant at) {
        return session.createNativeQuery("""
                        update invoice set stripe_status = case when stripe_status = 'paid' then 'paid' else :status end,
                                           stripe_number = :number, finalized_at = :at
                        where id = :id and finalized_at is null""")
                .setParameter("status", stripeStatus).setParameter("number", number).setParameter("at", at)
                .setParameter("id", invoiceId).executeUpdate();
    }

    // --- payments -----------------------------------------------------------------------------------

    /** The invoice whose Stripe copy this is, locked until the transaction ends (webhooks of one invoice serialise). */
    public Uni<Optional<Locked>> lockByStripeId(Mutiny.Session session, String stripeInvoiceId) {
        return lock(session, "stripe_invoice_id", stripeInvoiceId);
    }

    public Uni<Optional<Locked>> lock(Mutiny.Session session, String invoiceId) {
        return lock(session, "id", invoiceId);
    }

    private Uni<Optional<Locked>> lock(Mutiny.Session session, String column, String value) {
        return session.createNativeQuery("select id, period, tenant_id, currency, status, total from invoice where "
                        + column + " = :value for update", Object[].class)
                .setParameter("value", value).getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> {
                    Currency currency = Currency.getInstance(r[3].toString().trim());
                    return new Locked(r[0].toString(), r[1].toString(), r[2].toString(), currency,
                            InvoiceStatus.valueOf(r[4].toString()), Money.atMinorUnit(Rows.decimal(r[5]), currency));
                }));
    }

    public Uni<Void> markPaid(Mutiny.Session session, String invoiceId, Money amountPaid, Instant at) {
        return session.createNativeQuery("""
                        update invoice set status = 'PAID', paid_at = :at, amount_paid = :paid, stripe_status = 'paid'
                        where id = :id""")
                .setParameter("at", at).setParameter("paid", amountPaid.amount()).setParameter("id", invoiceId)
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Void> markPaymentFailed(Mutiny.Session session, String invoiceId) {
        return session.createNativeQuery("update invoice set status = 'PAYMENT_FAILED' where id = :id and status = 'ISSUED'")
                .setParameter("id", invoiceId).executeUpdate().replaceWithVoid();
    }

    // --- progress -----------------------------------------------------------------------------------

    /** [all invoices of the run, those finalized at Stripe]. */
    public Uni<int[]> progress(Mutiny.Session session, String runId) {
        return session.createNativeQuery("""
                        select count(*), count(finalized_at) from invoice where run_id = :run""", Object[].class)
                .setParameter("run", runId).getSingleResult()
                .map(r -> new int[] {Rows.integer(r[0]), Rows.integer(r[1])});
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
