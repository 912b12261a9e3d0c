package io.capacitybroker.reservation.domain;

import static io.capacitybroker.reservation.domain.ReservationStatus.ACTIVE;
import static io.capacitybroker.reservation.domain.ReservationStatus.CANCELLED;
import static io.capacitybroker.reservation.domain.ReservationStatus.COMPLETED;
import static io.capacitybroker.reservation.domain.ReservationStatus.CONFIRMED;
import static io.capacitybroker.reservation.domain.ReservationStatus.EXPIRED;
import static io.capacitybroker.reservation.domain.ReservationStatus.PENDING_PARTNER;
import static io.capacitybroker.reservation.domain.ReservationStatus.REJECTED;

import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The reservation lifecycle as a table: a move that is not in it is refused. Every state not a
 * key here is terminal.
 */
public final class Lifecycle {
    private static final Map<ReservationStatus, Set<ReservationStatus>> ALLOWED = Map.of(
            PENDING_PARTNER, EnumSet.of(CONFIRMED, REJECTED, EXPIRED, CANCELLED),
            CONFIRMED, EnumSet.of(ACTIVE, CANCELLED),
            ACTIVE, EnumSet.of(COMPLETED, CANCELLED));

    private Lifecycle() {}

    public static boolean allows(ReservationStatus from, ReservationStatus to) {
        return ALLOWED.getOrDefault(from, Set.of()).contains(to);
    }

    public static void require(ReservationStatus from, ReservationStatus to) {
        if (!allows(from, to)) {
            throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "a " + from + " reservation cannot become " + to);
        }
    }
}
