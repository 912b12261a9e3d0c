package io.capacitybroker.portal.web;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who looks at the page, for the layout of every portal page ({@code inject:viewer}): the user,
 * the organisation, the role that decides the home page, and the navigation of that role.
 */
@RequestScoped
@Named("viewer")
public class Viewer {
    /** One entry of the main navigation; {@code current} when the page lies below it. */
    public record NavItem(String href, String label, boolean current) {}

    private static final List<String> ROLES_BY_PRECEDENCE = List.of(Roles.TENANT, Roles.PARTNER, Roles.FINANCE, Roles.ADMIN);

    @Inject SecurityIdentity identity;
    @Inject Caller caller;
    @Inject HttpServerRequest request;

    public String user() {
        return caller.claim("preferred_username").orElse(identity.getPrincipal().getName());
    }

    /** The organisation as the user knows it: their tenant or partner, or the broker itself for staff. */
    public String organisation() {
        return caller.claim(Caller.TENANT_CLAIM).map(t -> "tenant " + t)
                .or(() -> caller.claim(Caller.PARTNER_CLAIM).map(p -> "partner " + p))
                .orElse(role().map(r -> "Capacity Broker " + r).orElse("no organisation"));
    }

    /** The role whose pages the user sees; a user with several sees the first of tenant, partner, finance, admin. */
    public Optional<String> role() {
        return ROLES_BY_PRECEDENCE.stream().filter(identity::hasRole).findFirst();
    }

    public String home() {
        return role().map(r -> "/portal/" + r).orElse("/portal");
    }

    public List<NavItem> nav() {
        List<String[]> entries = switch (role().orElse("")) {
            case Roles.TENANT -> List.of(new String[] {"/portal/tenant", "Overview"},
                    new String[] {"/portal/tenant/offers", "Offers"},
                    new String[] {"/portal/tenant/quotes", "Request capacity"},
                    new String[] {"/portal/tenant/reservations", "Reservations"},
                    new String[] {"/portal/tenant/invoices", "Invoices"});
            case Roles.PARTNER -> List.of(new String[] {"/portal/partner", "Sites"},
                    new String[] {"/portal/partner/offers", "Offers"},
                    new String[] {"/portal/partner/reservations", "Decisions"},
                    new String[] {"/portal/partner/statements", "Statements"});
            case Roles.FINANCE -> List.of(new String[] {"/portal/finance", "Billing runs"},
                    new String[] {"/portal/finance/invoices", "Invoices and payments"},
                    new String[] {"/portal/finance/payouts", "Payouts"},
                    new String[] {"/portal/finance/reconciliation", "Reconciliation"});
            case Roles.ADMIN -> List.<String[]>of(new String[] {"/portal/admin", "Overview"});
            default -> List.of();
        };
        String path = request.path();
        String current = entries.stream().map(e -> e[0]).filter(href -> path.equals(href) || path.startsWith(href + "/"))
                .max(Comparator.comparingInt(String::length)).orElse("");
        return entries.stream().map(e -> new NavItem(e[0], e[1], e[0].equals(current))).toList();
    }
}
