package io.capacitybroker.finance;

import static io.capacitybroker.finance.journal.Account.COMMISSION_REVENUE;
import static io.capacitybroker.finance.journal.Account.CREDIT_NOTES;
import static io.capacitybroker.finance.journal.Account.PARTNER_PAYABLE;
import static io.capacitybroker.finance.journal.Account.PARTNER_REVENUE_DUE;
import static io.capacitybroker.finance.journal.Account.STRIPE_CLEARING;
import static io.capacitybroker.finance.journal.Account.TENANT_RECEIVABLE;
import static io.capacitybroker.finance.journal.Posting.credit;
import static io.capacitybroker.finance.journal.Posting.debit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import io.capacitybroker.finance.journal.EntryKind;
import io.capacitybroker.finance.journal.JournalService;
import io.capacitybroker.finance.journal.NewEntry;
import io.capacitybroker.finance.journal.PostedEntry;
import io.capacitybroker.finance.journal.TrialBalance;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.PostgresTestResource;
import io.capacitybroker.testsupport.Tokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The journal of docs/billing.md: the worked example balances, and nothing unbalanced gets in. */
@QuarkusTest
class JournalServiceTest extends BrokerTest {
    private static final AtomicInteger MONTH = new AtomicInteger(0);
    private static final String ACTOR = "user:fiona";

    @Inject JournalService journal;

    /** Each test in a month of its own, so that their trial balances never mix. */
    private final BillingPeriod period = BillingPeriod.of(2031, 1 + MONTH.getAndIncrement());
    private final String doc = unique("doc");

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    /** The five entries of the worked example, in the order the money moves. */
    private List<NewEntry> workedExample() {
        return List.of(
                new NewEntry(EntryKind.INVOICE_ISSUED, doc + "-INV-1", period, "invoice INV-1 to acme", List.of(
                        debit(TENANT_RECEIVABLE, "acme", usd("332.99")), credit(PARTNER_REVENUE_DUE, "singtel", usd("332.99")))),
                new NewEntry(EntryKind.CREDIT_NOTE, doc + "-CN-1", period, "credit note CN-1: R2 overage waived", List.of(
                        debit(CREDIT_NOTES, "singtel", usd("11.72")), credit(TENANT_RECEIVABLE, "acme", usd("11.72")))),
                new NewEntry(EntryKind.PAYMENT_RECEIVED, doc + "-PAY-1", period, "acme paid INV-1 less CN-1", List.of(
                        debit(STRIPE_CLEARING, usd("321.27")), credit(TENANT_RECEIVABLE, "acme", usd("321.27")))),
                new NewEntry(EntryKind.COMMISSION_EARNED, doc + "-ST-1", period, "statement ST-1, singtel, 10 %", List.of(
                        debit(PARTNER_REVENUE_DUE, "singtel", usd("332.99")), credit(CREDIT_NOTES, "singtel", usd("11.72")),
                        credit(COMMISSION_REVENUE, usd("32.13")), credit(PARTNER_PAYABLE, "singtel", usd("289.14")))),
                new NewEntry(EntryKind.PAYOUT_MADE, doc + "-PO-1", period, "payout PO-1 to singtel", List.of(
                        debit(PARTNER_PAYABLE, "singtel", usd("289.14")), credit(STRIPE_CLEARING, usd("289.14")))));
    }

    private <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            if (e instanceof RuntimeException r) throw r;
            throw new AssertionError(e);
        }
    }

    private List<JournalService.Posted> postInOneTransaction(List<NewEntry> entries) {
        return await(() -> Panache.withTransaction(() -> {
            Uni<List<JournalService.Posted>> chain = Uni.createFrom().item(new java.util.ArrayList<>());
            for (NewEntry entry : entries) {
                chain = chain.call(list -> journal.post(entry, ACTOR).invoke(list::add));
            }
            return chain;
        }));
    }

    @Test
    void theWorkedExampleLeavesATrialBalanceOfZeroAndTheBrokerHoldsExactlyItsCommission() {
        postInOneTransaction(workedExample());
        List<PostedEntry> entries = await(() -> journal.entries(period));
        assertThat(entries).extracting(PostedEntry::kind).containsExactly(EntryKind.INVOICE_ISSUED, EntryKind.CREDIT_NOTE,
                EntryKind.PAYMENT_RECEIVED, EntryKind.COMMISSION_EARNED, EntryKind.PAYOUT_MADE);

        List<TrialBalance> rows = TrialBalance.of(entries);
        assertThat(TrialBalance.totals(rows)).containsOnlyKeys("USD");
        assertThat(TrialBalance.totals(rows).get("USD")).isEqualByComparingTo("0");
        Map<String, BigDecimal> balances = new java.util.TreeMap<>();
        rows.forEach(row -> balances.put(row.account().code(), row.balance()));
        assertThat(balances).hasSize(6);
        assertThat(balances.get("stripe-clearing")).isEqualByComparingTo("32.13");
        assertThat(balances.get("commission-revenue")).isEqualByComparingTo("-32.13");
        for (String settled : List.of("tenant-receivable", "partner-revenue-due", "credit-notes", "partner-payable")) {
            assertThat(balances.get(settled)).as(settled).isEqualByComparingTo("0");
        }
        BigDecimal debits = rows.stream().map(TrialBalance::debits).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(debits).isEqualByComparingTo("1288.11");

        JsonPath json = given().auth().oauth2(Tokens.withRoles("fiona", List.of("finance")))
                .queryParam("period", period.toString()).get("/api/v1/finance/journal")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        assertThat(json.getString("period")).isEqualTo(period.toString());
        assertThat(json.getList("entries")).hasSize(5);
        assertThat(json.getString("entries[3].lines[2].account")).isEqualTo("commission-revenue");
        assertThat(json.getString("entries[3].lines[2].credit")).isEqualTo("32.13");
        assertThat(json.getString("entries[3].lines[2].debit")).isNull();
        assertThat(json.getList("trialBalance.balance", String.class).stream().map(BigDecimal::new)
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("0");
    }

    @Test
    void aDocumentIsPostedOnceHoweverOftenItIsPosted() {
        NewEntry invoice = workedExample().get(0);
        JournalService.Posted first = postInOneTransaction(List.of(invoice)).get(0);
        List<JournalService.Posted> again = postInOneTransaction(List.of(invoice, invoice));
        assertThat(first.replayed()).isFalse();
        assertThat(again).allSatisfy(p -> {
            assertThat(p.replayed()).isTrue();
            assertThat(p.entryId()).isEqualTo(first.entryId());
        });
        assertThat(await(() -> journal.entries(period))).singleElement()
                .satisfies(e -> assertThat(e.lines()).hasSize(2));
    }

    @Test
    void anUnbalancedOrMixedEntryIsRefusedBeforeItIsWrittenAndPostingNeedsTheCallersTransaction() {
        assertThatThrownBy(() -> new NewEntry(EntryKind.INVOICE_ISSUED, doc, period, "off by a cent", List.of(
                debit(TENANT_RECEIVABLE, "acme", usd("10.00")), credit(PARTNER_REVENUE_DUE, "singtel", usd("9.99")))))
                .isInstanceOf(NewEntry.UnbalancedEntryException.class).hasMessageContaining("differ");
        assertThatThrownBy(() -> new NewEntry(EntryKind.INVOICE_ISSUED, doc, period, "two currencies", List.of(
                debit(TENANT_RECEIVABLE, "acme", usd("10.00")), credit(PARTNER_REVENUE_DUE, "singtel", Money.of("10.00", "EUR")))))
                .isInstanceOf(NewEntry.UnbalancedEntryException.class);
        assertThatThrownBy(() -> new NewEntry(EntryKind.INVOICE_ISSUED, doc, period, "one line", List.of(
                debit(TENANT_RECEIVABLE, "acme", usd("10.00"))))).isInstanceOf(NewEntry.UnbalancedEntryException.class);
        assertThatThrownBy(() -> debit(TENANT_RECEIVABLE, "acme", usd("0.00"))).isInstanceOf(IllegalArgumentException.class);

        NewEntry fine = workedExample().get(0);
        assertThatThrownBy(() -> await(() -> Panache.withSession(() -> journal.post(fine, ACTOR))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(await(() -> journal.entries(period))).isEmpty();
    }

    @Test
    void theDatabaseRefusesUnbalancedEntriesAtCommitTwoSidedLinesAndEdits() throws SQLException {
        String entry = "jrn_" + doc;
        try (Connection c = PostgresTestResource.openConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate(insertEntry(entry));
                s.executeUpdate("insert into journal_line values ('" + entry + "', 1, 'tenant-receivable', 'acme', 10.00, null)");
                s.executeUpdate("insert into journal_line values ('" + entry + "', 2, 'partner-revenue-due', 'singtel', null, 9.99)");
            }
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"))
                    .hasMessageContaining("does not balance");
            c.rollback();

            try (Statement s = c.createStatement()) {
                s.executeUpdate(insertEntry(entry));
                assertThatThrownBy(() -> s.executeUpdate(
                        "insert into journal_line values ('" + entry + "', 1, 'tenant-receivable', 'acme', 10.00, 10.00)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("journal_line_one_side");
            }
            c.rollback();

            try (Statement s = c.createStatement()) {
                s.executeUpdate(insertEntry(entry));
                assertThatThrownBy(() -> s.executeUpdate(
                        "insert into journal_line values ('" + entry + "', 1, 'tenant-receivable', 'acme', -10.00, null)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("journal_line_positive");
            }
            c.rollback();

            try (Statement s = c.createStatement()) {
                s.executeUpdate(insertEntry(entry));
                s.executeUpdate("insert into journal_line values ('" + entry + "', 1, 'tenant-receivable', 'acme', 10.00, null)");
                s.executeUpdate("insert into journal_line values ('" + entry + "', 2, 'partner-revenue-due', 'singtel', null, 10.00)");
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("update journal_line set debit = 11.00 where entry_id = '" + entry + "' and line_no = 1"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            }
            c.rollback();
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("delete from journal_entry where id = '" + entry + "'"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            }
            c.rollback();
        }
    }

    private String insertEntry(String id) {
        return "insert into journal_entry (id, period, kind, document_id, currency, description, posted_at, posted_by) values ('" + id + "', '" + period + "', 'INVOICE_ISSUED', '" + id
                + "', 'USD', 'by hand', now(), 'test')";
    }

    @Test
    void financeGetsTheJournalAsCsvWithStableColumnsAndOthersGetNothing() {
        postInOneTransaction(workedExample().subList(0, 2));
        String finance = Tokens.withRoles("fiona", List.of("finance"));
        String csv = given().auth().oauth2(finance).accept("text/csv").queryParam("period", period.toString())
                .get("/api/v1/finance/journal").then().statusCode(200).contentType("text/csv").extract().asString();
        String[] rows = csv.split("\r\n");
        assertThat(rows[0]).isEqualTo("entry_id,period,posted_at,kind,document_id,currency,line_no,account,party,debit,credit,description");
        assertThat(rows).hasSize(5);
        assertThat(rows[1]).contains(",INVOICE_ISSUED," + doc + "-INV-1,USD,1,tenant-receivable,acme,332.99,,invoice INV-1 to acme");
        assertThat(rows[4]).contains(",CREDIT_NOTE,").endsWith(",acme,,11.72,credit note CN-1: R2 overage waived");

        given().auth().oauth2(finance).queryParam("period", "2031-1").get("/api/v1/finance/journal")
                .then().statusCode(400).body("errors[0].field", equalTo("period"));
        given().auth().oauth2(finance).get("/api/v1/finance/journal").then().statusCode(400);
        given().auth().oauth2(finance).accept("text/csv").get("/api/v1/finance/journal").then().statusCode(400);
        given().auth().oauth2(Tokens.tenant("acme")).queryParam("period", period.toString()).get("/api/v1/finance/journal")
                .then().statusCode(403);
        given().queryParam("period", period.toString()).get("/api/v1/finance/journal").then().statusCode(401);
    }
}
