package io.capacitybroker.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link KeycloakProfile} with the Stripe stand-in: for portal tests that close a billing period
 * (the run puts invoices at Stripe and pays partners through Connect). A profile of its own, so
 * the other Keycloak tests keep a broker without Stripe.
 */
public class KeycloakStripeProfile extends KeycloakProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        List<TestResourceEntry> resources = new ArrayList<>(super.testResources());
        resources.add(new TestResourceEntry(StripeStandInTestResource.class));
        return resources;
    }
}
