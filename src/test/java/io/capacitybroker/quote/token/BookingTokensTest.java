package io.capacitybroker.quote.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BookingTokensTest {
    private static final String KEY = "a-signing-key-of-at-least-32-characters";
    private static final String OLD_KEY = "the-key-before-the-last-rotation-of-keys";
    private static final Instant START = Instant.parse("2031-03-01T10:00:00Z");

    private final BookingTokens tokens = new BookingTokens(List.of(KEY));

    private static BookableOption.Leg leg(int n, boolean confirms) {
        return new BookableOption.Leg(UUID.nameUUIDFromBytes(new byte[] {(byte) n}), "gmi-magna", "tpe-" + n, "H100-SXM-80GB",
                8, START, START.plusSeconds(4 * 3600), "TWD", new BigDecimal("64.50"), new BigDecimal("2064.00"),
                new BigDecimal("63.2143"), confirms);
    }

    private static BookableOption option(int legs) {
        return new BookableOption("qt_abcdefghijklmnopqrstuvwxyz", 3, START.minusSeconds(600), "USD",
                new BigDecimal("63.2143").multiply(BigDecimal.valueOf(legs)),
                IntStream.rangeClosed(1, legs).mapToObj(n -> leg(n, n % 2 == 0)).toList());
    }

    @Test
    void theIssuingTenantGetsBackExactlyTheOptionThatWasSigned() {
        BookableOption option = option(1);
        String token = tokens.issue("acme", option);

        assertThat(tokens.verify("acme", token)).contains(option);
        assertThat(token).matches("[A-Za-z0-9_-]+").hasSizeLessThan(260);
    }

    @Test
    void anOptionOfManyLegsAndLargeAmountsSurvivesTheRoundTrip() {
        BookableOption large = new BookableOption("qt_x", 1, START, "JPY", new BigDecimal("123456789012345678901234567890.12"),
                IntStream.rangeClosed(1, 120).mapToObj(n -> leg(n, false)).toList());

        assertThat(tokens.verify("acme", tokens.issue("acme", large))).contains(large);
    }

    @Test
    void anotherTenantCannotUseTheToken() {
        String token = tokens.issue("acme", option(2));

        assertThat(tokens.verify("globex", token)).isEmpty();
        assertThat(tokens.verify("acm", token)).isEmpty();
    }

    @Test
    void changingAnyByteOfTheTokenMakesItWorthless() {
        byte[] bytes = Base64.getUrlDecoder().decode(tokens.issue("acme", option(2)));
        for (int i = 0; i < bytes.length; i++) {
            byte[] altered = bytes.clone();
            altered[i] ^= 1;
            assertThat(tokens.verify("acme", Base64.getUrlEncoder().withoutPadding().encodeToString(altered)))
                    .as("byte %d changed", i).isEmpty();
        }
    }

    @Test
    void whatIsNotATokenIsRefusedWithoutAnError() {
        String token = tokens.issue("acme", option(1));

        assertThat(tokens.verify("acme", token.substring(0, token.length() - 2))).isEmpty();
        assertThat(tokens.verify("acme", token.substring(30))).isEmpty();
        assertThat(tokens.verify("acme", "")).isEmpty();
        assertThat(tokens.verify("acme", "not base64 at all!")).isEmpty();
        assertThat(tokens.verify("acme", "qt_abcdefghijklmnopqrstuvwxyz")).isEmpty();
    }

    @Test
    void aTokenSignedBeforeAKeyRotationStaysValidWhileThePreviousKeyIsConfigured() {
        String signedWithOldKey = new BookingTokens(List.of(OLD_KEY)).issue("acme", option(1));

        assertThat(new BookingTokens(List.of(KEY, OLD_KEY)).verify("acme", signedWithOldKey)).contains(option(1));
        assertThat(tokens.verify("acme", signedWithOldKey)).isEmpty();
        assertThat(new BookingTokens(List.of(KEY, OLD_KEY)).issue("acme", option(1))).isEqualTo(tokens.issue("acme", option(1)));
    }

    @Test
    void aShortKeyIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new BookingTokens(List.of("too-short")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 characters");
    }

    @Test
    void legTimesMustBeWholeHours() {
        BookableOption.Leg offHour = new BookableOption.Leg(UUID.randomUUID(), "p", "s", "L40S", 1, START.plusSeconds(60),
                START.plusSeconds(3600), "USD", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, false);

        assertThatThrownBy(() -> tokens.issue("acme", new BookableOption("qt_x", 1, START, "USD", BigDecimal.ONE, List.of(offHour))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole UTC hours");
    }
}
