package io.capacitybroker.finance.journal;

import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.BillingPeriod;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A money movement to post: the business document it records, the billing period it belongs to,
 * and its lines. It is refused when it does not balance, mixes currencies or has fewer than two
 * lines, before anything reaches the database (which checks the same at commit).
 */
public record NewEntry(EntryKind kind, String documentId, BillingPeriod period, String description, List<Posting> postings) {
    public NewEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(description, "description");
        postings = List.copyOf(postings);
        if (postings.size() < 2) throw new UnbalancedEntryException(documentId + ": an entry has two lines at least");
        Currency currency = postings.get(0).amount().currency();
        if (postings.stream().anyMatch(p -> !p.amount().currency().equals(currency))) {
            throw new UnbalancedEntryException(documentId + ": an entry is in one currency");
        }
        Money debits = sum(postings, Posting.Side.DEBIT, currency);
        Money credits = sum(postings, Posting.Side.CREDIT, currency);
        if (!debits.equals(credits)) {
            throw new UnbalancedEntryException(documentId + ": debits " + debits + " differ from credits " + credits);
        }
    }

    public Currency currency() {
        return postings.get(0).amount().currency();
    }

    private static Money sum(List<Posting> postings, Posting.Side side, Currency currency) {
        return postings.stream().filter(p -> p.side() == side).map(Posting::amount).reduce(Money.zero(currency), Money::plus);
    }

    /** The programming error of building an entry that cannot be posted. */
    public static class UnbalancedEntryException extends IllegalArgumentException {
        public UnbalancedEntryException(String message) {
            super(message);
        }
    }
}
