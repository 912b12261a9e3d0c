package io.capacitybroker.catalog.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A site as its partner registers it. Codes come from the catalogue's vocabularies.")
public record SiteRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Schema(description = "ISO 3166-1 alpha-2 country code", examples = "TW") String country,
        @NotBlank @Size(max = 100) String region,
        @NotBlank @Schema(description = "Jurisdiction code; must cover the country", examples = "TW") String jurisdiction,
        @NotNull @Size(max = 20) List<@NotBlank String> certifications,
        @NotNull @Size(max = 10) List<@NotBlank String> sovereignty) {}
