package io.capacitybroker.portal.web;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the portal writes times and amounts: UTC to the minute, amounts with grouping and their currency. */
@TemplateExtension
public final class PortalFormats {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private PortalFormats() {}

    /** {@code {reservation.startAt.utc}} */
    static String utc(Instant instant) {
        return instant == null ? "—" : UTC.format(instant);
    }

    /** {@code {option.total.amount(option.currency)}}: the amount as stored (already at the currency's scale). */
    static String amount(BigDecimal amount, String currency) {
        if (amount == null) return "—";
        DecimalFormat format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        format.setMinimumFractionDigits(Math.max(0, amount.scale()));
        format.setMaximumFractionDigits(Math.max(0, amount.scale()));
        return format.format(amount) + " " + currency;
    }

    /** A unit price as partners write it: trailing zeros dropped, at least two decimals ({@code 1.100000} reads 1.10). */
    static String price(BigDecimal price, String currency) {
        if (price == null) return "—";
        BigDecimal stripped = price.stripTrailingZeros();
        return amount(stripped.setScale(Math.max(2, stripped.scale())), currency);
    }

    /** {@code PENDING_PARTNER} reads "pending partner". */
    static String statusLabel(String status) {
        return status.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /** {@code PENDING_PARTNER} styles as {@code status-pending-partner}. */
    static String statusClass(String status) {
        return status.replace('_', '-').toLowerCase(Locale.ROOT);
    }

    /** GPU-hours for tables: one decimal. */
    static String hours(BigDecimal gpuHours) {
        return gpuHours == null ? "0.0" : gpuHours.setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
