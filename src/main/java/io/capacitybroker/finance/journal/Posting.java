package io.capacitybroker.finance.journal;

import io.capacitybroker.platform.money.Money;
import java.util.Objects;

/** One side of a new journal entry: an amount debited or credited to an account, for a party or none. */
public record Posting(Account account, String party, Side side, Money amount) {
    public enum Side { DEBIT, CREDIT }

    public Posting {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(amount, "amount");
        if (amount.amount().signum() <= 0) {
            throw new IllegalArgumentException("a journal line is positive: " + account.code() + " " + amount);
        }
    }

    public static Posting debit(Account account, String party, Money amount) {
        return new Posting(account, party, Side.DEBIT, amount);
    }

    public static Posting debit(Account account, Money amount) {
        return debit(account, null, amount);
    }

    public static Posting credit(Account account, String party, Money amount) {
        return new Posting(account, party, Side.CREDIT, amount);
    }

    public static Posting credit(Account account, Money amount) {
        return credit(account, null, amount);
    }
}
