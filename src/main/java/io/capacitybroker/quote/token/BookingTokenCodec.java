package io.capacitybroker.quote.token;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The binary form of a {@link BookableOption} inside a booking token: a version byte, then the
 * fields in a fixed order. Strings and numbers are length-prefixed; leg windows are epoch hours,
 * since the ledger's slots are whole hours. Compact because every option of every quote carries
 * one (docs/adr/0016-signed-booking-tokens.md).
 */
final class BookingTokenCodec {
    static final byte VERSION = 1;
    private static final long SECONDS_PER_HOUR = 3600;

    private BookingTokenCodec() {}

    static byte[] encode(BookableOption option) {
        Writer out = new Writer();
        out.put(VERSION);
        out.text(option.quoteId());
        out.count(option.rank());
        out.int64(option.expiresAt().getEpochSecond());
        out.text(option.currency());
        out.decimal(option.total());
        out.count(option.legs().size());
        for (BookableOption.Leg leg : option.legs()) {
            out.int64(leg.offerId().getMostSignificantBits());
            out.int64(leg.offerId().getLeastSignificantBits());
            out.text(leg.partnerId());
            out.text(leg.siteCode());
            out.text(leg.gpuModel());
            out.int32(leg.gpuCount());
            out.int32(epochHour(leg.startAt()));
            out.int32(epochHour(leg.endAt()));
            out.text(leg.offerCurrency());
            out.decimal(leg.unitPrice());
            out.decimal(leg.offerCurrencyTotal());
            out.decimal(leg.total());
            out.put((byte) (leg.requiresConfirmation() ? 1 : 0));
        }
        return out.bytes();
    }

    /** The option, or an {@link IllegalArgumentException} when the bytes are not a whole option of this version. */
    static BookableOption decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if (in.get() != VERSION) throw new IllegalArgumentException("unknown booking token version");
            String quoteId = text(in);
            int rank = count(in);
            Instant expiresAt = Instant.ofEpochSecond(in.getLong());
            String currency = text(in);
            BigDecimal total = decimal(in);
            int legCount = count(in);
            List<BookableOption.Leg> legs = new ArrayList<>(legCount);
            for (int i = 0; i < legCount; i++) {
                legs.add(new BookableOption.Leg(new UUID(in.getLong(), in.getLong()), text(in), text(in), text(in), in.getInt(),
                        hourStart(in.getInt()), hourStart(in.getInt()), text(in), decimal(in), decimal(in), decimal(in),
                        in.get() == 1));
            }
            if (in.hasRemaining()) throw new IllegalArgumentException("booking token has trailing bytes");
            return new BookableOption(quoteId, rank, expiresAt, currency, total, legs);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("booking token is truncated", e);
        }
    }

    private static int epochHour(Instant instant) {
        if (instant.getEpochSecond() % SECONDS_PER_HOUR != 0 || instant.getNano() != 0) {
            throw new IllegalArgumentException("leg times are whole UTC hours: " + instant);
        }
        return Math.toIntExact(instant.getEpochSecond() / SECONDS_PER_HOUR);
    }

    private static Instant hourStart(int epochHour) {
        return Instant.ofEpochSecond(epochHour * SECONDS_PER_HOUR);
    }

    private static String text(ByteBuffer in) {
        byte[] utf8 = new byte[count(in)];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static BigDecimal decimal(ByteBuffer in) {
        int scale = in.get();
        byte[] unscaled = new byte[count(in)];
        in.get(unscaled);
        if (unscaled.length == 0) throw new IllegalArgumentException("booking token holds an empty number");
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    private static int count(ByteBuffer in) {
        return Short.toUnsignedInt(in.getShort());
    }

    /** A growing buffer; an option with many legs outgrows the first guess. */
    private static final class Writer {
        private ByteBuffer buffer = ByteBuffer.allocate(256);

        void put(byte b) {
            room(1).put(b);
        }

        void int32(int n) {
            room(4).putInt(n);
        }

        void int64(long n) {
            room(8).putLong(n);
        }

        void count(int n) {
            if (n < 0 || n > 0xffff) throw new IllegalArgumentException("does not fit a booking token: " + n);
            room(2).putShort((short) n);
        }

        void text(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            count(utf8.length);
            room(utf8.length).put(utf8);
        }

        void decimal(BigDecimal d) {
            if (d.scale() < Byte.MIN_VALUE || d.scale() > Byte.MAX_VALUE) throw new IllegalArgumentException("scale out of range: " + d);
            byte[] unscaled = d.unscaledValue().toByteArray();
            put((byte) d.scale());
            count(unscaled.length);
            room(unscaled.length).put(unscaled);
        }

        private ByteBuffer room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer = larger.put(buffer.flip());
            }
            return buffer;
        }

        byte[] bytes() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
