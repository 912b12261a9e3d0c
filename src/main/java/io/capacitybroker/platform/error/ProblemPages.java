package io.capacitybroker.platform.error;

import jakarta.ws.rs.core.Response;

/**
 * Shows a failure as a page for people rather than as a problem detail, at the paths it claims.
 * The portal registers one (a CDI bean) for {@code /portal/**}; the platform knows no page, and the
 * API's paths, claimed by none, keep their RFC 9457 answers.
 */
public interface ProblemPages {
    /** Whether failures at this path (as {@link Problem#instance()} names it) are shown as a page. */
    boolean shows(String path);

    /** The page for the problem, answered with the problem's status. */
    Response page(Problem problem);
}
