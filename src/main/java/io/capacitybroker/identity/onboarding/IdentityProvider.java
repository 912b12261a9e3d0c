package io.capacitybroker.identity.onboarding;

/**
 * The seam to the identity provider (Keycloak in production). Each method either completes or
 * leaves nothing behind in the provider; {@code delete*} undo a completed call, and are used when
 * the broker's own record cannot be written afterwards.
 */
public interface IdentityProvider {

    /** A machine client for a partner whose tokens carry {@code partner_id} and the partner role. */
    PartnerClient createPartnerClient(String partnerId, String displayName);

    void deletePartnerClient(String partnerId);

    /** The tenant's organisation, and optionally its first user with a one-time password. */
    TenantOrganisation createTenantOrganisation(String tenantId, String displayName, FirstUser firstUser);

    void deleteTenantOrganisation(String tenantId);

    record PartnerClient(String clientId, String clientSecret) {}

    record FirstUser(String email, String firstName, String lastName) {}

    /** {@code temporaryPassword} is null when no first user was asked for. */
    record TenantOrganisation(String groupName, String username, String temporaryPassword) {}

    /** The provider already knows this organisation: nothing was created. */
    class AlreadyExists extends RuntimeException {
        public AlreadyExists(String message) {
            super(message);
        }
    }
}
