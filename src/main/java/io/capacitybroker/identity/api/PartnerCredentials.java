package io.capacitybroker.identity.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The partner's client credentials. The secret is shown this once and never stored by the broker.")
public record PartnerCredentials(String partnerId, String clientId, String clientSecret, String tokenUrl) {}
