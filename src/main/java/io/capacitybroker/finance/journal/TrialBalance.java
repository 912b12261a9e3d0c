package io.capacitybroker.finance.journal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Per currency and account, the sums of debits and credits of a set of entries and the balance
 * (debits − credits). Over all accounts of a currency the balances add up to zero, or the journal
 * is broken.
 */
@Schema(name = "TrialBalanceRow")
public record TrialBalance(String currency, Account account, BigDecimal debits, BigDecimal credits, BigDecimal balance) {

    public static List<TrialBalance> of(List<PostedEntry> entries) {
        Map<String, Map<Account, BigDecimal[]>> sums = new TreeMap<>();
        for (PostedEntry entry : entries) {
            Map<Account, BigDecimal[]> byAccount = sums.computeIfAbsent(entry.currency(), c -> new TreeMap<>());
            for (PostedEntry.Line line : entry.lines()) {
                BigDecimal[] s = byAccount.computeIfAbsent(line.account(), a -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                if (line.debit() != null) s[0] = s[0].add(line.debit());
                if (line.credit() != null) s[1] = s[1].add(line.credit());
            }
        }
        List<TrialBalance> rows = new ArrayList<>();
        sums.forEach((currency, byAccount) -> byAccount.forEach((account, s) ->
                rows.add(new TrialBalance(currency, account, s[0], s[1], s[0].subtract(s[1])))));
        rows.sort(Comparator.comparing(TrialBalance::currency).thenComparing(TrialBalance::account));
        return rows;
    }

    /** Per currency, the sum of all balances: zero for a sound journal. */
    public static Map<String, BigDecimal> totals(List<TrialBalance> rows) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        rows.forEach(row -> totals.merge(row.currency(), row.balance(), BigDecimal::add));
        return totals;
    }
}
