package io.capacitybroker.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capacitybroker.payments.PaymentGateway.CustomerRequest;
import io.capacitybroker.payments.PaymentGateway.InvoiceItemRequest;
import io.capacitybroker.payments.PaymentGateway.InvoiceRequest;
import io.capacitybroker.payments.PaymentGateway.StripeCustomer;
import io.capacitybroker.payments.PaymentGateway.StripeInvoice;
import io.capacitybroker.payments.PaymentGateway.StripeInvoiceItem;
import io.capacitybroker.payments.PaymentGateway.StripeTransfer;
import io.capacitybroker.payments.PaymentGateway.TransferRequest;
import io.capacitybroker.platform.money.Money;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PaymentGateway} must do, whichever provider is behind it: the in-memory fake
 * and stripe-java against the local stand-in both run these tests (STYLE.md, EDC's contract tests).
 * Each test uses business ids of its own, so the keys derived from them never meet another test's.
 */
abstract class PaymentGatewayContractTest {
    static final Currency USD = Currency.getInstance("USD");
    static final Currency JPY = Currency.getInstance("JPY");
    static final String PARTNER_ACCOUNT = "acct_1PartnerGmiMagna";

    protected PaymentGateway gateway;
    private String run;

    protected abstract PaymentGateway gateway();

    /** From now on, charges of this customer are refused by the card issuer. */
    protected abstract void declinePaymentsOf(String customerId);

    /** How many objects of a Stripe type ({@code customer}, {@code invoice}, {@code invoiceitem}, {@code transfer}) exist. */
    protected abstract int created(String objectType);

    @BeforeEach
    void newBusinessIds() {
        gateway = gateway();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    private String id(String name) {
        return name + "-" + run;
    }

    private StripeCustomer customer(String tenant) {
        return gateway.ensureCustomer(new CustomerRequest(id(tenant), "Acme Corp", "billing@acme.example",
                Map.of("source", "contract-test")), IdempotencyKey.of("customer", id(tenant)));
    }

    private StripeInvoice draft(StripeCustomer customer, String invoice, Currency currency) {
        return gateway.createInvoice(new InvoiceRequest(customer.id(), currency, "GPU capacity " + invoice, null,
                Map.of("invoice_id", id(invoice))), IdempotencyKey.of("invoice", id(invoice)));
    }

    private StripeInvoiceItem item(StripeCustomer customer, StripeInvoice invoice, String line, Money amount) {
        return gateway.addInvoiceItem(new InvoiceItemRequest(customer.id(), invoice.id(), Amount.of(amount),
                "H100 SXM, 10 GPU-hours", Map.of("line_id", id(line))), IdempotencyKey.of("invoice-item", id(line)));
    }

    private TransferRequest transfer(String statement, Money amount) {
        return new TransferRequest(PARTNER_ACCOUNT, Amount.of(amount), id(statement), "Payout " + statement,
                Map.of("statement_id", id(statement)));
    }

    @Test
    void the_same_tenant_and_key_give_one_customer() {
        int before = created("customer");

        StripeCustomer first = customer("acme");
        StripeCustomer again = customer("acme");
        StripeCustomer other = customer("globex");

        assertThat(first.id()).startsWith("cus_");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(other.id()).isNotEqualTo(first.id());
        assertThat(created("customer")).isEqualTo(before + 2);
    }

    @Test
    void items_on_a_draft_then_finalize_give_an_open_numbered_invoice_with_the_exact_total() {
        StripeCustomer customer = customer("acme");
        StripeInvoice draft = draft(customer, "inv-2030-03", USD);
        assertThat(draft.id()).startsWith("in_");
        assertThat(draft.status()).isEqualTo("draft");
        assertThat(draft.number()).isNull();

        StripeInvoiceItem first = item(customer, draft, "line-1", Money.of("12.34", "USD"));
        item(customer, draft, "line-2", Money.of("5000.00", "USD"));
        StripeInvoice open = gateway.finalizeInvoice(draft.id(), IdempotencyKey.of("finalize", id("inv-2030-03")));

        assertThat(first.id()).startsWith("ii_");
        assertThat(first.invoiceId()).isEqualTo(draft.id());
        assertThat(first.amount()).isEqualTo(new Amount(1234, USD));
        assertThat(open.id()).isEqualTo(draft.id());
        assertThat(open.customerId()).isEqualTo(customer.id());
        assertThat(open.status()).isEqualTo("open");
        assertThat(open.number()).isNotBlank();
        assertThat(open.total()).isEqualTo(new Amount(501234, USD));
        assertThat(open.amountDue().toMoney()).isEqualTo(Money.of("5012.34", "USD"));
    }

    @Test
    void zero_decimal_currencies_go_in_whole_units() {
        StripeCustomer customer = customer("nippon");
        StripeInvoice draft = draft(customer, "inv-jpy", JPY);
        StripeInvoiceItem item = item(customer, draft, "line-jpy", Money.of("150000", "JPY"));
        StripeInvoice open = gateway.finalizeInvoice(draft.id(), IdempotencyKey.of("finalize", id("inv-jpy")));

        assertThat(item.amount()).isEqualTo(new Amount(150000, JPY));
        assertThat(open.total().toMoney()).isEqualTo(Money.of("150000", "JPY"));
    }

    @Test
    void repeating_every_step_with_its_key_returns_the_same_ids_and_creates_nothing_new() {
        StripeCustomer customer = customer("acme");
        StripeInvoice draft = draft(customer, "inv-rerun", USD);
        StripeInvoiceItem item = item(customer, draft, "line-rerun", Money.of("99.99", "USD"));
        StripeInvoice open = gateway.finalizeInvoice(draft.id(), IdempotencyKey.of("finalize", id("inv-rerun")));
        StripeTransfer payout = gateway.createTransfer(transfer("stmt-rerun", Money.of("80.00", "USD")),
                IdempotencyKey.of("transfer", id("stmt-rerun")));
        int invoices = created("invoice");
        int items = created("invoiceitem");
        int transfers = created("transfer");

        // A crash after each call and a rerun of the whole sequence:
        assertThat(customer("acme")).isEqualTo(customer);
        assertThat(draft(customer, "inv-rerun", USD).id()).isEqualTo(draft.id());
        assertThat(item(customer, draft, "line-rerun", Money.of("99.99", "USD"))).isEqualTo(item);
        assertThat(gateway.finalizeInvoice(draft.id(), IdempotencyKey.of("finalize", id("inv-rerun")))).isEqualTo(open);
        assertThat(gateway.createTransfer(transfer("stmt-rerun", Money.of("80.00", "USD")),
                IdempotencyKey.of("transfer", id("stmt-rerun")))).isEqualTo(payout);

        assertThat(created("invoice")).isEqualTo(invoices);
        assertThat(created("invoiceitem")).isEqualTo(items);
        assertThat(created("transfer")).isEqualTo(transfers);
    }

    @Test
    void a_key_reused_with_other_parameters_is_an_idempotency_conflict_and_changes_nothing() {
        gateway.createTransfer(transfer("stmt-1", Money.of("80.00", "USD")), IdempotencyKey.of("transfer", id("stmt-1")));
        int transfers = created("transfer");

        assertThatThrownBy(() -> gateway.createTransfer(transfer("stmt-1", Money.of("81.00", "USD")),
                IdempotencyKey.of("transfer", id("stmt-1"))))
                .isInstanceOfSatisfying(IdempotencyConflictException.class, e -> {
                    assertThat(e.key()).isEqualTo(IdempotencyKey.of("transfer", id("stmt-1")));
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(created("transfer")).isEqualTo(transfers);
    }

    @Test
    void a_key_reused_for_another_operation_is_an_idempotency_conflict() {
        StripeCustomer customer = customer("acme");
        IdempotencyKey customerKey = IdempotencyKey.of("customer", id("acme"));

        assertThatThrownBy(() -> gateway.createInvoice(new InvoiceRequest(customer.id(), USD, "x", null, Map.of()), customerKey))
                .isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void paying_charges_the_customer_and_marks_the_invoice_paid() {
        StripeCustomer customer = customer("acme");
        StripeInvoice draft = draft(customer, "inv-pay", USD);
        item(customer, draft, "line-pay", Money.of("10.00", "USD"));
        gateway.finalizeInvoice(draft.id(), IdempotencyKey.of("finalize", id("inv-pay")));

        StripeInvoice paid = gateway.payInvoice(draft.id(), IdempotencyKey.of("pay", id("inv-pay"), "attempt-1"));

        assertThat(paid.status()).isEqualTo("paid");
    }

    @Test
    void a_declined_charge_is_a_payment_declined_and_is_replayed_as_such() {
        StripeCustomer customer = customer("broke");
        StripeInvoice draft = draft(customer, "inv-decline", USD);
        item(customer, draft, "line-decline", Money.of("10.00", "USD"));
        gateway.finalizeInvoice(draft.id(), IdempotencyKey.of("finalize", id("inv-decline")));
        declinePaymentsOf(customer.id());
        IdempotencyKey attempt = IdempotencyKey.of("pay", id("inv-decline"), "attempt-1");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> gateway.payInvoice(draft.id(), attempt))
                    .isInstanceOfSatisfying(PaymentDeclinedException.class, e -> {
                        assertThat(e.code()).isEqualTo("card_declined");
                        assertThat(e.declineCode()).isEqualTo("generic_decline");
                        assertThat(e.httpStatus()).isEqualTo(402);
                        assertThat(e.retryable()).isFalse();
                    });
        }
    }

    @Test
    void an_unknown_customer_is_an_invalid_request_naming_the_parameter() {
        assertThatThrownBy(() -> gateway.createInvoice(new InvoiceRequest("cus_DoesNotExist", USD, "x", null, Map.of()),
                IdempotencyKey.of("invoice", id("orphan"))))
                .isInstanceOfSatisfying(InvalidPaymentRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("resource_missing");
                    assertThat(e.param()).isEqualTo("customer");
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void an_item_in_another_currency_than_its_invoice_is_an_invalid_request() {
        StripeCustomer customer = customer("acme");
        StripeInvoice draft = draft(customer, "inv-mixed", USD);

        assertThatThrownBy(() -> item(customer, draft, "line-eur", Money.of("10.00", "EUR")))
                .isInstanceOfSatisfying(InvalidPaymentRequestException.class, e -> assertThat(e.param()).isEqualTo("currency"));
    }

    @Test
    void a_finalized_invoice_takes_no_more_items_and_cannot_be_finalized_again() {
        StripeCustomer customer = customer("acme");
        StripeInvoice draft = draft(customer, "inv-closed", USD);
        item(customer, draft, "line-a", Money.of("1.00", "USD"));
        gateway.finalizeInvoice(draft.id(), IdempotencyKey.of("finalize", id("inv-closed")));

        assertThatThrownBy(() -> item(customer, draft, "line-late", Money.of("1.00", "USD")))
                .isInstanceOf(InvalidPaymentRequestException.class);
        assertThatThrownBy(() -> gateway.finalizeInvoice(draft.id(), IdempotencyKey.of("finalize-again", id("inv-closed"))))
                .isInstanceOf(InvalidPaymentRequestException.class);
    }

    @Test
    void a_transfer_goes_to_the_connected_account_and_an_unknown_destination_is_refused() {
        StripeTransfer payout = gateway.createTransfer(transfer("stmt-ok", Money.of("1234.56", "USD")),
                IdempotencyKey.of("transfer", id("stmt-ok")));

        assertThat(payout.id()).startsWith("tr_");
        assertThat(payout.destinationAccount()).isEqualTo(PARTNER_ACCOUNT);
        assertThat(payout.amount()).isEqualTo(new Amount(123456, USD));
        assertThatThrownBy(() -> gateway.createTransfer(new TransferRequest("not-an-account",
                Amount.of(Money.of("1.00", "USD")), null, null, Map.of()), IdempotencyKey.of("transfer", id("stmt-bad"))))
                .isInstanceOfSatisfying(InvalidPaymentRequestException.class, e -> assertThat(e.param()).isEqualTo("destination"));
    }
}
