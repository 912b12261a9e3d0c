package io.capacitybroker.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.platform.error.FieldError;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormErrorsTest {
    @Test
    void problemFieldsLandAtTheirInputWithoutListIndexes() {
        FormErrors errors = FormErrors.of(new ProblemException(ProblemType.VALIDATION, "3 fields are not valid", List.of(
                new FieldError("countries[1]", "unknown ISO 3166-1 alpha-2 country code 'XX'"),
                new FieldError("countries[2]", "unknown ISO 3166-1 alpha-2 country code 'YY'"),
                new FieldError("latestStart", "must not be before earliestStart")), Map.of()));

        assertThat(errors.get("countries")).isEqualTo("unknown ISO 3166-1 alpha-2 country code 'XX'; "
                + "unknown ISO 3166-1 alpha-2 country code 'YY'");
        assertThat(errors.get("latestStart")).isEqualTo("must not be before earliestStart");
        assertThat(errors.has("gpuCount")).isFalse();
        assertThat(errors.hasGeneral()).isFalse();
        assertThat(errors.summary()).isEqualTo("2 fields need attention.");
    }

    @Test
    void aProblemWithoutFieldsIsShownAboveTheForm() {
        FormErrors errors = FormErrors.of(new ProblemException(ProblemType.QUOTE_EXPIRED, "quote qt_1 expired"));
        assertThat(errors.any()).isTrue();
        assertThat(errors.summary()).isEqualTo("quote qt_1 expired");
    }
}
