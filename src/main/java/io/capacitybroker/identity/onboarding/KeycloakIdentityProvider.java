package io.capacitybroker.identity.onboarding;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.capacitybroker.platform.config.BrokerConfig;
import jakarta.inject.Inject;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Onboarding in Keycloak through its admin REST API (blocking: callers run it on a worker thread).
 * A partner is a confidential client with a service account, the partner role and a hardcoded
 * {@code partner_id} claim. A tenant is a group {@code tenant-<id>}, the organisation's member
 * list; each member carries the {@code tenant_id} user attribute that the realm maps into tokens
 * (ADR 0006). The group's own attribute is named {@code organisation_id}, not {@code tenant_id}, so
 * that Keycloak's attribute mapper can never fall back from a user to a group and guess a tenant.
 */
@ApplicationScoped
public class KeycloakIdentityProvider implements IdentityProvider {
    static final String PARTNER_CLIENT_PREFIX = "partner-";
    static final String TENANT_GROUP_PREFIX = "tenant-";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject BrokerConfig config;

    private volatile Keycloak keycloak;

    @Override
    public PartnerClient createPartnerClient(String partnerId, String displayName) {
        RealmResource realm = realm();
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(PARTNER_CLIENT_PREFIX + partnerId);
        client.setName(displayName);
        client.setProtocol("openid-connect");
        client.setPublicClient(false);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setProtocolMappers(List.of(
                mapper("partner id", "oidc-hardcoded-claim-mapper", Map.of(
                        "claim.name", Caller.PARTNER_CLAIM, "claim.value", partnerId, "jsonType.label", "String",
                        "access.token.claim", "true", "id.token.claim", "false", "introspection.token.claim", "true")),
                mapper("broker api audience", "oidc-audience-mapper", Map.of(
                        "included.client.audience", config.identityApiAudience(), "access.token.claim", "true",
                        "introspection.token.claim", "true"))));
        String id = created(realm.clients().create(client), "client " + client.getClientId());
        try {
            var resource = realm.clients().get(id);
            UserRepresentation serviceAccount = resource.getServiceAccountUser();
            realm.users().get(serviceAccount.getId()).roles().realmLevel()
                    .add(List.of(realm.roles().get(Roles.PARTNER).toRepresentation()));
            return new PartnerClient(client.getClientId(), resource.getSecret().getValue());
        } catch (RuntimeException e) {
            realm.clients().get(id).remove();
            throw e;
        }
    }

    @Override
    public void deletePartnerClient(String partnerId) {
        RealmResource realm = realm();
        realm.clients().findByClientId(PARTNER_CLIENT_PREFIX + partnerId)
                .forEach(client -> realm.clients().get(client.getId()).remove());
    }

    @Override
    public TenantOrganisation createTenantOrganisation(String tenantId, String displayName, FirstUser firstUser) {
        RealmResource realm = realm();
        GroupRepresentation group = new GroupRepresentation();
        group.setName(TENANT_GROUP_PREFIX + tenantId);
        group.setAttributes(Map.of("organisation_id", List.of(tenantId), "display_name", List.of(displayName)));
        String groupId = created(realm.groups().add(group), "group " + group.getName());
        if (firstUser == null) return new TenantOrganisation(group.getName(), null, null);
        try {
            String password = temporaryPassword();
            UserRepresentation user = new UserRepresentation();
            user.setUsername(firstUser.email());
            user.setEmail(firstUser.email());
            user.setFirstName(firstUser.firstName());
            user.setLastName(firstUser.lastName());
            user.setEnabled(true);
            user.setAttributes(Map.of(Caller.TENANT_CLAIM, List.of(tenantId)));
            user.setGroups(List.of("/" + group.getName()));
            user.setRequiredActions(List.of("UPDATE_PASSWORD"));
            CredentialRepresentation credential = new CredentialRepresentation();
            credential.setType(CredentialRepresentation.PASSWORD);
            credential.setValue(password);
            credential.setTemporary(true);
            user.setCredentials(List.of(credential));
            String userId = created(realm.users().create(user), "user " + firstUser.email());
            realm.users().get(userId).roles().realmLevel().add(List.of(realm.roles().get(Roles.TENANT).toRepresentation()));
            return new TenantOrganisation(group.getName(), firstUser.email(), password);
        } catch (RuntimeException e) {
            deleteMembersAndGroup(realm, groupId);
            throw e;
        }
    }

    @Override
    public void deleteTenantOrganisation(String tenantId) {
        RealmResource realm = realm();
        realm.groups().groups(TENANT_GROUP_PREFIX + tenantId, 0, 10).stream()
                .filter(g -> g.getName().equals(TENANT_GROUP_PREFIX + tenantId))
                .forEach(g -> deleteMembersAndGroup(realm, g.getId()));
    }

    private static void deleteMembersAndGroup(RealmResource realm, String groupId) {
        realm.groups().group(groupId).members().forEach(member -> realm.users().get(member.getId()).remove());
        realm.groups().group(groupId).remove();
    }

    /**
     * The admin client, made on first use as the realm's service account: a broker that is not
     * given its credentials still starts, and only onboarding says what is missing.
     */
    private RealmResource realm() {
        Keycloak client = keycloak;
        if (client == null) {
            synchronized (this) {
                if (keycloak == null) keycloak = newClient();
                client = keycloak;
            }
        }
        return client.realm(config.identityRealm());
    }

    private Keycloak newClient() {
        Optional<String> serverUrl = config.identityAdminServerUrl();
        Optional<String> clientSecret = config.identityAdminClientSecret();
        if (serverUrl.isEmpty() || clientSecret.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_CONFIGURED, "onboarding needs Keycloak's admin API: set "
                    + "KEYCLOAK_URL and KEYCLOAK_ADMIN_CLIENT_SECRET (broker.identity.admin.*)");
        }
        return KeycloakBuilder.builder().serverUrl(serverUrl.get()).realm(config.identityRealm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS).clientId(config.identityAdminClientId())
                .clientSecret(clientSecret.get())
                .build();
    }

    private static String created(Response response, String what) {
        try (response) {
            if (response.getStatus() == 409) throw new AlreadyExists(what + " already exists in the identity provider");
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    private static ProtocolMapperRepresentation mapper(String name, String type, Map<String, String> config) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(type);
        mapper.setConfig(config);
        return mapper;
    }

    private static String temporaryPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
