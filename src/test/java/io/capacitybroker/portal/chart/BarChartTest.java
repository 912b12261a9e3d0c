package io.capacitybroker.portal.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BarChartTest {
    private static final LocalDate MONDAY = LocalDate.of(2030, 3, 4);
    private static final List<LocalDate> THREE_DAYS = List.of(MONDAY, MONDAY.plusDays(1), MONDAY.plusDays(2));

    @Test
    void oneBarPerSeriesAndDayScaledToARoundMaximum() {
        String svg = BarChart.svg("Booked and used", THREE_DAYS, List.of(
                new BarChart.Series("Booked", "booked", Map.of(MONDAY, new BigDecimal("192"))),
                new BarChart.Series("Used", "used", Map.of(MONDAY.plusDays(1), new BigDecimal("96.5")))));

        assertThat(Pattern.compile("<rect ").matcher(svg).results().count()).isEqualTo(6);
        assertThat(svg).contains("role=\"img\"").contains("aria-label=\"Booked and used\"")
                .contains("<title>Booked 4 Mar: 192.0 GPU-hours</title>")
                .contains("<title>Used 5 Mar: 96.5 GPU-hours</title>")
                .contains("<title>Used 4 Mar: 0.0 GPU-hours</title>")
                .contains(">200</text>");
    }

    @Test
    void smallValuesGetExactFractionalTicks() {
        String svg = BarChart.svg("Small", THREE_DAYS, List.of(new BarChart.Series("Used", "used", Map.of(MONDAY, new BigDecimal("0.4")))));
        assertThat(svg).contains(">0.25</text>").contains(">0.5</text>").contains(">0.75</text>").contains(">1</text>");
    }

    @Test
    void labelsAreEscaped() {
        String svg = BarChart.svg("<script>", THREE_DAYS, List.of(new BarChart.Series("A&B", "booked", Map.of())));
        assertThat(svg).doesNotContain("<script>").contains("&lt;script&gt;").contains("A&amp;B");
    }

    @Test
    void theAxisEndsOnOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(BarChart.niceCeiling(new BigDecimal("0.4"))).isEqualByComparingTo("1");
        assertThat(BarChart.niceCeiling(new BigDecimal("3"))).isEqualByComparingTo("5");
        assertThat(BarChart.niceCeiling(new BigDecimal("1536"))).isEqualByComparingTo("2000");
        assertThat(BarChart.niceCeiling(new BigDecimal("5000"))).isEqualByComparingTo("5000");
        assertThat(BarChart.niceCeiling(new BigDecimal("5001"))).isEqualByComparingTo("10000");
    }
}
