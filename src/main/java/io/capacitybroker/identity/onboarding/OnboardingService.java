package io.capacitybroker.identity.onboarding;

import io.capacitybroker.identity.api.PartnerCredentials;
import io.capacitybroker.identity.api.PartnerOnboarding;
import io.capacitybroker.identity.api.TenantOnboarded;
import io.capacitybroker.identity.api.TenantOnboarding;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.capacitybroker.platform.vertx.Blocking;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Onboards partners and tenants in two places that must agree: the identity provider and the
 * broker's database. The provider goes first (it can refuse a duplicate); if the broker's record
 * then cannot be written, the provider's side is deleted again, so a failure half-way leaves
 * neither behind. Both outcomes are audited.
 */
@ApplicationScoped
public class OnboardingService {
    private static final Logger LOG = Logger.getLogger(OnboardingService.class);

    @Inject IdentityProvider identity;
    @Inject Clock clock;

    /** Where partners get tokens; absent only where tokens are verified with a local key (fast tests). */
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> issuer;

    public Uni<PartnerCredentials> onboardPartner(PartnerOnboarding request, String actor) {
        String id = request.partnerId();
        return requireAbsent("partner", id)
                .chain(() -> Blocking.call(() -> identity.createPartnerClient(id, request.name())))
                .onFailure(IdentityProvider.AlreadyExists.class).transform(OnboardingService::conflict)
                .chain(client -> record("insert into partner (id, name, created_at) values (:id, :name, :at)", id,
                        request.name(), actor, "partner")
                        .onFailure().call(() -> Blocking.call(() -> undo(() -> identity.deletePartnerClient(id))))
                        .replaceWith(new PartnerCredentials(id, client.clientId(), client.clientSecret(),
                                issuer.map(url -> url + "/protocol/openid-connect/token").orElse(null))));
    }

    public Uni<TenantOnboarded> onboardTenant(TenantOnboarding request, String actor) {
        String id = request.tenantId();
        IdentityProvider.FirstUser firstUser = request.firstUser() == null ? null : new IdentityProvider.FirstUser(
                request.firstUser().email(), request.firstUser().firstName(), request.firstUser().lastName());
        return requireAbsent("tenant", id)
                .chain(() -> Blocking.call(() -> identity.createTenantOrganisation(id, request.name(), firstUser)))
                .onFailure(IdentityProvider.AlreadyExists.class).transform(OnboardingService::conflict)
                .chain(org -> record("insert into tenant (id, name, created_at) values (:id, :name, :at)", id,
                        request.name(), actor, "tenant")
                        .onFailure().call(() -> Blocking.call(() -> undo(() -> identity.deleteTenantOrganisation(id))))
                        .replaceWith(new TenantOnboarded(id, request.name(), org.groupName(), org.username(),
                                org.temporaryPassword())));
    }

    private Uni<Void> requireAbsent(String kind, String id) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s
                        .createNativeQuery("select count(*) from " + kind + " where id = :id", Long.class)
                        .setParameter("id", id)
                        .getSingleResult()))
                .invoke(count -> {
                    if (count > 0) throw conflict(new IdentityProvider.AlreadyExists(kind + " " + id + " already exists"));
                })
                .replaceWithVoid();
    }

    /** The broker's record and its audit line, in one transaction. */
    private Uni<Void> record(String insert, String id, String name, String actor, String kind) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(insert)
                        .setParameter("id", id).setParameter("name", name).setParameter("at", now)
                        .executeUpdate()
                        .chain(() -> s.createNativeQuery("""
                                        insert into onboarding_audit (at, actor, kind, org_id, outcome, detail)
                                        values (:at, :actor, :kind, :id, 'onboarded', :name)""")
                                .setParameter("at", now).setParameter("actor", actor).setParameter("kind", kind)
                                .setParameter("id", id).setParameter("name", name)
                                .executeUpdate())))
                .replaceWithVoid();
    }

    /** Compensation must not hide the original failure; if it fails too, say so loudly. */
    private static Void undo(Runnable compensation) {
        try {
            compensation.run();
        } catch (RuntimeException e) {
            LOG.error("could not undo an identity-provider change after a failed onboarding; fix by hand", e);
        }
        return null;
    }

    private static ProblemException conflict(Throwable cause) {
        return new ProblemException(ProblemType.ALREADY_EXISTS, cause.getMessage());
    }
}
