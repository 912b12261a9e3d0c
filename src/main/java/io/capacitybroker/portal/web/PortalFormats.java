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

    /** {@code InvoiceStatus.PAYMENT_FAILED} reads "payment failed", like a status text. */
    static String statusLabel(Enum<?> status) {
        return statusLabel(status.name());
    }

    static String statusClass(Enum<?> status) {
        return statusClass(status.name());
    }

    /** {@code {#if run.status.is('RUNNING')}}: an enum against the name of a constant. */
    static boolean is(Enum<?> value, String name) {
        return value != null && value.name().equals(name);
    }

    /** Whether an amount is other than zero: {@code {#if invoice.credited.nonZero}}. */
    static boolean nonZero(BigDecimal amount) {
        return amount != null && amount.signum() != 0;
    }

    /** A quantity with the digits it needs, never in exponent notation: 24.000000 GPU-hours reads 24. */
    static String plain(BigDecimal value) {
        return value == null ? "—" : value.stripTrailingZeros().toPlainString();
    }

    /** A rate such as 0.1 as "10 %". */
    static String percent(BigDecimal rate) {
        return rate == null ? "—" : rate.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    /** GPU-hours for tables: one decimal. */
    static String hours(BigDecimal gpuHours) {
        return gpuHours == null ? "0.0" : gpuHours.setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
