package io.capacitybroker.identity.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A partner to onboard: its id becomes the partner_id claim of its machine client.")
public record PartnerOnboarding(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,39}", message = "2 to 40 lower-case letters, digits or '-'")
        String partnerId,
        @NotBlank @Size(max = 200) String name) {}
