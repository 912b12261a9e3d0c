package io.capacitybroker.finance.api;

import io.capacitybroker.finance.journal.PostedEntry;
import io.capacitybroker.finance.journal.TrialBalance;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The journal entries of a billing period and their trial balance per currency and account")
public record JournalView(String period, List<PostedEntry> entries, List<TrialBalance> trialBalance) {}
