package io.capacitybroker.finance.journal;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The chart of accounts of docs/billing.md, section 5. */
public enum Account {
    /** Asset: what tenants owe (party: tenant). */
    TENANT_RECEIVABLE("tenant-receivable"),
    /** Liability: invoiced value that belongs to partners until their statement (party: partner). */
    PARTNER_REVENUE_DUE("partner-revenue-due"),
    /** Contra account: value credited back to tenants until the partner's statement absorbs it (party: partner). */
    CREDIT_NOTES("credit-notes"),
    /** Income: the broker's commission. */
    COMMISSION_REVENUE("commission-revenue"),
    /** Liability: net payouts owed to partners (party: partner). */
    PARTNER_PAYABLE("partner-payable"),
    /** Asset: money held at Stripe, collected and not yet paid out. */
    STRIPE_CLEARING("stripe-clearing");

    private final String code;

    Account(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    public static Account ofCode(String code) {
        return Arrays.stream(values()).filter(a -> a.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown account " + code));
    }
}
