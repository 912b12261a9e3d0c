package io.capacitybroker.portal.chart;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A grouped bar chart per day as inline SVG, drawn on the server: no script, no library, readable
 * by screen readers through its title and the table the page shows beside it. Colours come from
 * the stylesheet through each series' CSS class.
 */
public final class BarChart {
    /** One row of bars: its name in the legend, its CSS class, GPU-hours by day (absent days are 0). */
    public record Series(String name, String cssClass, Map<LocalDate, BigDecimal> values) {
        BigDecimal at(LocalDate day) {
            return values.getOrDefault(day, BigDecimal.ZERO);
        }
    }

    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int LEFT = 56;
    private static final int BOTTOM = 28;
    private static final int TOP = 12;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private BarChart() {}

    /** {@code count} consecutive days from {@code from}: the chart's categories. */
    public static List<LocalDate> days(LocalDate from, int count) {
        return IntStream.range(0, count).mapToObj(from::plusDays).toList();
    }

    public static String svg(String title, List<LocalDate> days, List<Series> series) {
        BigDecimal max = series.stream().flatMap(s -> days.stream().map(s::at)).max(BigDecimal::compareTo)
                .filter(m -> m.signum() > 0).orElse(BigDecimal.ONE);
        BigDecimal top = niceCeiling(max);
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = (double) (WIDTH - LEFT) / days.size();
        double bar = Math.max(1, (slot - 2) / series.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(escape(title)).append("\">")
                .append("<title>").append(escape(title)).append("</title>");
        for (int tick = 0; tick <= 4; tick++) {
            // Exact: the top is 1, 2 or 5 times a power of ten, so a quarter of it has at most two more decimals.
            BigDecimal value = top.multiply(BigDecimal.valueOf(tick)).divide(BigDecimal.valueOf(4)).stripTrailingZeros();
            double y = TOP + plotHeight - plotHeight * tick / 4;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", LEFT, WIDTH, y, y))
                    .append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                            LEFT - 6, y + 4, value.toPlainString()));
        }
        int labelEvery = Math.max(1, days.size() / 7);
        for (int d = 0; d < days.size(); d++) {
            LocalDate day = days.get(d);
            double x0 = LEFT + d * slot + 1;
            for (int s = 0; s < series.size(); s++) {
                Series one = series.get(s);
                BigDecimal value = one.at(day);
                double h = plotHeight * value.doubleValue() / top.doubleValue();
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s %s: %s GPU-hours</title></rect>",
                        escape(one.cssClass()), x0 + s * bar, TOP + plotHeight - h, bar, h, escape(one.name()),
                        DAY.format(day), value.setScale(1, RoundingMode.HALF_UP).toPlainString()));
            }
            if (d % labelEvery == 0) {
                svg.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\">%s</text>",
                        x0, HEIGHT - 8, DAY.format(day)));
            }
        }
        return svg.append("</svg>").toString();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code max}: round numbers on the axis. */
    static BigDecimal niceCeiling(BigDecimal max) {
        BigDecimal power = BigDecimal.ONE;
        while (power.multiply(BigDecimal.TEN).compareTo(max) < 0) power = power.multiply(BigDecimal.TEN);
        for (int step : new int[] {1, 2, 5, 10}) {
            BigDecimal candidate = power.multiply(BigDecimal.valueOf(step));
            if (candidate.compareTo(max) >= 0) return candidate;
        }
        return power.multiply(BigDecimal.TEN);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
