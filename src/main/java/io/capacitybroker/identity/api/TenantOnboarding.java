package io.capacitybroker.identity.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A tenant organisation to onboard, optionally with its first user.")
public record TenantOnboarding(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,39}", message = "2 to 40 lower-case letters, digits or '-'")
        String tenantId,
        @NotBlank @Size(max = 200) String name,
        @Valid FirstUserBody firstUser) {

    public record FirstUserBody(@NotBlank @Email @Size(max = 254) String email,
                                @NotBlank @Size(max = 100) String firstName,
                                @NotBlank @Size(max = 100) String lastName) {}
}
