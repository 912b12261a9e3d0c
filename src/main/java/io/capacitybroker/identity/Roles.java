package io.capacitybroker.identity;

import java.util.List;

/** Realm roles, as Keycloak puts them in {@code realm_access/roles}. */
public final class Roles {
    public static final String TENANT = "tenant";
    public static final String PARTNER = "partner";
    public static final String FINANCE = "finance";
    public static final String ADMIN = "admin";
    public static final List<String> ALL = List.of(TENANT, PARTNER, FINANCE, ADMIN);

    private Roles() {}
}
