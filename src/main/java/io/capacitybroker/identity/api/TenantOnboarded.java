package io.capacitybroker.identity.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The onboarded tenant. The first user's temporary password is shown this once; "
        + "Keycloak makes the user choose a new one at first login.")
public record TenantOnboarded(String tenantId, String name, String organisation, String firstUsername,
                              String temporaryPassword) {}
