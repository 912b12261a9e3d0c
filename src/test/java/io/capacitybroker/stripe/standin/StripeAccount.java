package io.capacitybroker.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The stand-in's one Stripe account in memory: customers, invoice items, invoices, transfers and
 * events, built from Stripe's own example objects ({@code stripe-standin/fixtures.json}) so that
 * responses have every field a real one has. Not thread-safe: {@link StripeStandIn} serialises calls.
 */
final class StripeAccount {
    static final String DEFAULT_API_VERSION = "2026-07-29.dahlia";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
    private static final Pattern ACCOUNT = Pattern.compile("acct_[A-Za-z0-9]+");
    /** Stripe's usual ceiling for one amount (eight digits of the minor unit). */
    private static final long MAX_AMOUNT = 99_999_999L;

    private final JsonNode templates;
    private final Clock clock;
    private final Map<String, ObjectNode> objects = new HashMap<>();
    private final Map<String, Integer> created = new HashMap<>();
    private final Set<String> decliningCustomers = new HashSet<>();
    String apiVersion = DEFAULT_API_VERSION;

    StripeAccount(Clock clock) {
        this.clock = clock;
        try (InputStream in = StripeAccount.class.getResourceAsStream("/stripe-standin/fixtures.json")) {
            if (in == null) throw new IllegalStateException("stripe-standin/fixtures.json not on the classpath");
            templates = JSON.readTree(in).get("resources");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, Integer> createdCounts() {
        return Map.copyOf(created);
    }

    void declinePaymentsOf(String customerId) {
        customer(customerId, null);
        decliningCustomers.add(customerId);
    }

    ObjectNode get(String prefix, String id, String what) {
        ObjectNode o = id.startsWith(prefix) ? objects.get(id) : null;
        if (o == null) throw ApiError.noSuch(what, id, null);
        return o;
    }

    // --- customers ------------------------------------------------------------------------------

    ObjectNode createCustomer(FormParams p) {
        p.allow(Set.of("name", "email", "description", "phone", "metadata"));
        Map<String, String> metadata = p.metadata();
        ObjectNode c = fromTemplate("customer", "cus_");
        c.put("name", p.string("name"));
        c.put("email", p.string("email"));
        c.put("description", p.string("description"));
        c.put("phone", p.string("phone"));
        c.set("metadata", JSON.valueToTree(metadata));
        c.putNull("discount");
        c.putNull("currency");
        c.putNull("address");
        c.putNull("shipping");
        c.put("invoice_prefix", randomId(8).toUpperCase(Locale.ROOT));
        c.put("next_invoice_sequence", 1);
        return store(c);
    }

    private ObjectNode customer(String id, String param) {
        ObjectNode c = id.startsWith("cus_") ? objects.get(id) : null;
        if (c == null) throw ApiError.noSuch("customer", id, param);
        return c;
    }

    // --- invoices -------------------------------------------------------------------------------

    ObjectNode createInvoice(FormParams p) {
        p.allow(Set.of("customer", "currency", "collection_method", "days_until_due", "auto_advance", "description",
                "metadata", "pending_invoice_items_behavior"));
        ObjectNode customer = customer(p.required("customer"), "customer");
        String currency = currency(p.string("currency") == null ? "usd" : p.string("currency"));
        String collection = p.string("collection_method") == null ? "charge_automatically" : p.string("collection_method");
        Long days = p.integer("days_until_due");
        if (!collection.equals("charge_automatically") && !collection.equals("send_invoice")) {
            throw ApiError.invalid("parameter_invalid_empty", "Invalid collection_method: " + collection, "collection_method");
        }
        if (collection.equals("send_invoice") && days == null) {
            throw ApiError.invalid(null, "Missing required param: days_until_due (needed with send_invoice).", "days_until_due");
        }
        if (collection.equals("charge_automatically") && days != null) {
            throw ApiError.invalid(null, "days_until_due can only be set when collection_method is send_invoice.",
                    "days_until_due");
        }
        String pending = p.string("pending_invoice_items_behavior");
        Map<String, String> metadata = p.metadata();
        Boolean autoAdvance = p.bool("auto_advance");

        ObjectNode in = fromTemplate("invoice", "in_");
        long now = now();
        in.put("customer", customer.get("id").asText());
        in.set("customer_name", customer.get("name"));
        in.set("customer_email", customer.get("email"));
        in.put("currency", currency);
        in.put("collection_method", collection);
        // The object has no days_until_due: Stripe turns it into a due date at once.
        if (days == null) in.putNull("due_date"); else in.put("due_date", now() + days * 86_400);
        in.put("auto_advance", autoAdvance != null && autoAdvance);
        in.put("description", p.string("description"));
        in.set("metadata", JSON.valueToTree(metadata));
        in.put("status", "draft");
        in.putNull("number");
        in.put("billing_reason", "manual");
        in.put("attempt_count", 0);
        in.put("attempted", false);
        in.put("amount_paid", 0);
        in.put("amount_overpaid", 0);
        for (String field : new String[] {"parent", "from_invoice", "last_finalization_error", "shipping_cost",
                "shipping_details", "effective_at", "next_payment_attempt", "webhooks_delivered_at", "hosted_invoice_url",
                "invoice_pdf", "ending_balance"}) {
            in.putNull(field);
        }
        in.put("period_start", now);
        in.put("period_end", now);
        ObjectNode transitions = (ObjectNode) in.get("status_transitions");
        for (String t : new String[] {"finalized_at", "marked_uncollectible_at", "paid_at", "voided_at"}) {
            transitions.putNull(t);
        }
        ObjectNode lines = (ObjectNode) in.get("lines");
        lines.set("data", JSON.createArrayNode());
        lines.put("url", "/v1/invoices/" + in.get("id").asText() + "/lines");
        store(in);
        if ("include".equals(pending)) {
            objects.values().stream()
                    .filter(o -> "invoiceitem".equals(o.get("object").asText()) && o.get("invoice").isNull()
                            && o.get("customer").asText().equals(in.get("customer").asText())
                            && o.get("currency").asText().equals(currency))
                    .forEach(item -> attach(in, item));
        } else if (pending != null && !"exclude".equals(pending)) {
            throw ApiError.invalid(null, "Invalid pending_invoice_items_behavior: " + pending, "pending_invoice_items_behavior");
        }
        recalculate(in);
        return in;
    }

    ObjectNode finalizeInvoice(String id, FormParams p) {
        p.allow(Set.of("auto_advance"));
        Boolean autoAdvance = p.bool("auto_advance");
        ObjectNode in = get("in_", id, "invoice");
        if (!"draft".equals(in.get("status").asText())) {
            throw ApiError.invalid("invoice_not_editable", "This invoice is already finalized, you can't re-finalize a non-draft invoice.", null);
        }
        ObjectNode customer = objects.get(in.get("customer").asText());
        int sequence = customer.get("next_invoice_sequence").asInt();
        customer.put("next_invoice_sequence", sequence + 1);
        long now = now();
        in.put("number", customer.get("invoice_prefix").asText() + "-" + String.format("%04d", sequence));
        in.put("status", "open");
        in.put("effective_at", now);
        if (autoAdvance != null) in.put("auto_advance", autoAdvance);
        ((ObjectNode) in.get("status_transitions")).put("finalized_at", now);
        if (in.get("amount_due").asLong() == 0) {
            markPaid(in); // Stripe closes an invoice with nothing to collect at once
        }
        return in;
    }

    /** A payment attempt; a declined one is returned as a 402 result (not thrown), so it is saved for replay. */
    Result payInvoice(String id, FormParams p) {
        p.allow(Set.of("paid_out_of_band", "forgive", "off_session"));
        boolean outOfBand = Boolean.TRUE.equals(p.bool("paid_out_of_band"));
        ObjectNode in = get("in_", id, "invoice");
        String status = in.get("status").asText();
        if ("paid".equals(status)) {
            throw ApiError.invalid("invoice_unexpected_state", "Invoice is already paid", null);
        }
        if (!"open".equals(status)) {
            throw ApiError.invalid("invoice_unexpected_state", "You can only pay an open invoice; this one is " + status + ".", null);
        }
        in.put("attempted", true);
        if (!outOfBand) {
            in.put("attempt_count", in.get("attempt_count").asInt() + 1);
            if (decliningCustomers.contains(in.get("customer").asText())) {
                ApiError declined = new ApiError(402, "card_error", "card_declined", "Your card was declined.", null);
                ObjectNode body = declined.body();
                ((ObjectNode) body.get("error")).put("decline_code", "generic_decline");
                return new Result(402, body);
            }
        }
        markPaid(in);
        return new Result(200, in);
    }

    private void markPaid(ObjectNode in) {
        long due = in.get("amount_due").asLong();
        in.put("status", "paid");
        in.put("amount_paid", due);
        in.put("amount_remaining", 0);
        ((ObjectNode) in.get("status_transitions")).put("paid_at", now());
    }

    // --- invoice items --------------------------------------------------------------------------

    ObjectNode createInvoiceItem(FormParams p) {
        p.allow(Set.of("customer", "amount", "currency", "description", "metadata", "invoice", "period"));
        ObjectNode customer = customer(p.required("customer"), "customer");
        Long amount = p.integer("amount");
        if (amount == null) throw ApiError.missing("amount");
        checkAmount(amount, false);
        String currency = currency(p.required("currency"));
        String invoiceId = p.string("invoice");
        Map<String, String> metadata = p.metadata();
        ObjectNode invoice = null;
        if (invoiceId != null) {
            invoice = invoiceId.startsWith("in_") ? objects.get(invoiceId) : null;
            if (invoice == null) throw ApiError.noSuch("invoice", invoiceId, "invoice");
            if (!"draft".equals(invoice.get("status").asText())) {
                throw ApiError.invalid("invoice_not_editable", "Invoice " + invoiceId + " is no longer editable: only draft invoices take new items.", "invoice");
            }
            if (!invoice.get("customer").asText().equals(customer.get("id").asText())) {
                throw ApiError.invalid(null, "The invoice " + invoiceId + " belongs to a different customer.", "invoice");
            }
            if (!invoice.get("currency").asText().equals(currency)) {
                throw ApiError.invalid(null, "The currency of an invoice item (" + currency
                        + ") must match the currency of its invoice (" + invoice.get("currency").asText() + ").", "currency");
            }
        }
        ObjectNode item = fromTemplate("invoiceitem", "ii_");
        long now = now();
        item.put("customer", customer.get("id").asText());
        item.put("amount", amount);
        item.put("net_amount", amount);
        item.put("currency", currency);
        item.put("description", p.string("description"));
        item.set("metadata", JSON.valueToTree(metadata));
        item.put("date", now);
        ((ObjectNode) item.get("period")).put("start", now).put("end", now);
        item.putNull("invoice");
        item.putNull("parent");
        item.putNull("pricing");
        item.put("quantity", 1);
        item.put("quantity_decimal", "1");
        store(item);
        if (invoice != null) {
            attach(invoice, item);
            recalculate(invoice);
        }
        return item;
    }

    private void attach(ObjectNode invoice, ObjectNode item) {
        String invoiceId = invoice.get("id").asText();
        item.put("invoice", invoiceId);
        ObjectNode line = JSON.createObjectNode();
        line.put("id", "il_" + randomId(24));
        line.put("object", "line_item");
        line.put("amount", item.get("amount").asLong());
        line.put("currency", item.get("currency").asText());
        line.set("description", item.get("description"));
        line.put("invoice", invoiceId);
        line.put("livemode", false);
        line.set("metadata", item.get("metadata"));
        line.set("period", item.get("period"));
        line.put("quantity", 1);
        line.put("subtotal", item.get("amount").asLong());
        ObjectNode parent = line.putObject("parent");
        parent.put("type", "invoice_item_details");
        ObjectNode details = parent.putObject("invoice_item_details");
        details.put("invoice_item", item.get("id").asText());
        details.put("proration", false);
        details.putNull("subscription");
        ((ArrayNode) invoice.get("lines").get("data")).add(line);
    }

    private static void recalculate(ObjectNode invoice) {
        long total = 0;
        for (JsonNode line : invoice.get("lines").get("data")) {
            total += line.get("amount").asLong();
        }
        for (String field : new String[] {"subtotal", "subtotal_excluding_tax", "total", "total_excluding_tax",
                "amount_due", "amount_remaining"}) {
            invoice.put(field, total);
        }
    }

    // --- transfers ------------------------------------------------------------------------------

    ObjectNode createTransfer(FormParams p) {
        p.allow(Set.of("amount", "currency", "destination", "description", "metadata", "transfer_group",
                "source_transaction"));
        Long amount = p.integer("amount");
        if (amount == null) throw ApiError.missing("amount");
        checkAmount(amount, true);
        String currency = currency(p.required("currency"));
        String destination = p.required("destination");
        if (!ACCOUNT.matcher(destination).matches()) {
            throw ApiError.noSuch("destination", destination, "destination");
        }
        Map<String, String> metadata = p.metadata();
        ObjectNode t = fromTemplate("transfer", "tr_");
        String id = t.get("id").asText();
        t.put("amount", amount);
        t.put("amount_reversed", 0);
        t.put("currency", currency);
        t.put("destination", destination);
        t.put("destination_payment", "py_" + randomId(14));
        t.put("balance_transaction", "txn_" + randomId(24));
        t.put("description", p.string("description"));
        t.put("transfer_group", p.string("transfer_group"));
        t.put("source_transaction", p.string("source_transaction"));
        t.set("metadata", JSON.valueToTree(metadata));
        t.put("reversed", false);
        ((ObjectNode) t.get("reversals")).put("url", "/v1/transfers/" + id + "/reversals");
        return store(t);
    }

    // --- events ---------------------------------------------------------------------------------

    /** What happened to the object (marks it paid, failed, reversed), then the event with a snapshot of it. */
    ObjectNode createEvent(String type, String objectId) {
        ObjectNode object = switch (type) {
            case "invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed", "invoice.finalized" -> {
                ObjectNode in = get("in_", objectId, "invoice");
                if (type.equals("invoice.payment_failed")) {
                    in.put("attempted", true);
                    in.put("attempt_count", in.get("attempt_count").asInt() + 1);
                } else if (!type.equals("invoice.finalized") && !"paid".equals(in.get("status").asText())) {
                    if (!"open".equals(in.get("status").asText())) {
                        throw ApiError.invalid(null, "Only an open invoice can be paid; " + objectId + " is "
                                + in.get("status").asText(), "object");
                    }
                    in.put("attempted", true);
                    in.put("attempt_count", in.get("attempt_count").asInt() + 1);
                    markPaid(in);
                }
                yield in;
            }
            case "transfer.created", "transfer.updated" -> get("tr_", objectId, "transfer");
            case "transfer.reversed" -> {
                ObjectNode t = get("tr_", objectId, "transfer");
                t.put("reversed", true);
                t.put("amount_reversed", t.get("amount").asLong());
                yield t;
            }
            default -> throw ApiError.invalid(null, "The stand-in does not send events of type " + type, "type");
        };
        ObjectNode event = fromTemplate("event", "evt_");
        event.put("type", type);
        event.put("api_version", apiVersion);
        event.put("pending_webhooks", 1);
        ((ObjectNode) event.get("data")).set("object", object.deepCopy());
        return store(event);
    }

    // --- shared ---------------------------------------------------------------------------------

    record Result(int status, JsonNode body) {}

    private ObjectNode fromTemplate(String type, String idPrefix) {
        ObjectNode o = templates.get(type).deepCopy();
        o.put("id", idPrefix + randomId(type.equals("customer") ? 14 : 24));
        o.put("livemode", false);
        if (o.has("created")) o.put("created", now());
        if (o.has("test_clock")) o.putNull("test_clock");
        return o;
    }

    private ObjectNode store(ObjectNode o) {
        objects.put(o.get("id").asText(), o);
        created.merge(o.get("object").asText(), 1, Integer::sum);
        return o;
    }

    private static String currency(String code) {
        if (!CURRENCY.matcher(code).matches()) {
            throw ApiError.invalid(null, "Invalid currency: " + code + ". Stripe currently supports these currencies: "
                    + "usd, eur, sgd, twd, jpy, ... (lower case ISO 4217 codes).", "currency");
        }
        return code;
    }

    private static void checkAmount(long amount, boolean positive) {
        if (positive && amount <= 0) {
            throw ApiError.invalid("parameter_invalid_integer", "This value must be greater than or equal to 1.", "amount");
        }
        if (Math.abs(amount) > MAX_AMOUNT) {
            throw ApiError.invalid("amount_too_large", "Amount must be no more than 99,999,999.", "amount");
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    static String randomId(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
