package io.capacitybroker.billing.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A batch of usage records, stored all together or not at all")
public record UsageBatch(@NotNull @Size(min = 1, max = UsageBatch.MAX_RECORDS) List<UsageRecord> records) {
    public static final int MAX_RECORDS = 500;
}
