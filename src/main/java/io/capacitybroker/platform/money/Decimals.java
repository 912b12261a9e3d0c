package io.capacitybroker.platform.money;

import java.math.BigDecimal;

public final class Decimals {
    private Decimals() {}

    /** 4.500000 as stored becomes 4.5, and 100.000000 becomes 100 (not 1E+2). */
    public static BigDecimal normalized(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
