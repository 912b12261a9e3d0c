package io.capacitybroker.platform.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTableTest {
    @Test
    void writesAHeaderAndRowsEndedByCrlfQuotingOnlyWhereNeeded() {
        String csv = CsvTable.withColumns(List.of("id", "amount", "note"))
                .row("a", new BigDecimal("1E+3"), "plain")
                .row("b", null, "say \"hi\", then\r\nleave")
                .toString();
        assertThat(csv).isEqualTo("id,amount,note\r\na,1000,plain\r\nb,,\"say \"\"hi\"\", then\r\nleave\"\r\n");
    }

    @Test
    void refusesARowWithTheWrongNumberOfFields() {
        assertThatThrownBy(() -> CsvTable.withColumns(List.of("a", "b")).row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
