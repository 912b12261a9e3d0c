package io.capacitybroker.platform.db;

import io.vertx.pgclient.PgException;

/** Recognises PostgreSQL errors by SQLSTATE, however deeply Hibernate wrapped them. */
public final class PgErrors {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION_FAILURE = "40001";

    private PgErrors() {}

    public static boolean isUniqueViolation(Throwable failure) {
        return hasState(failure, UNIQUE_VIOLATION);
    }

    /** Failures that a retry of the whole transaction resolves. */
    public static boolean isDeadlock(Throwable failure) {
        return hasState(failure, DEADLOCK) || hasState(failure, SERIALIZATION_FAILURE);
    }

    private static boolean hasState(Throwable failure, String sqlState) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && sqlState.equals(pg.getSqlState())) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }
}
