package io.capacitybroker.portal.web;

import io.capacitybroker.platform.error.Problem;
import io.capacitybroker.platform.error.ProblemPages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What a person sees when a portal page fails (another tenant's reservation, an unknown invoice, a
 * page of another role, a broker failure): the portal's layout with a plain message and the way
 * home, under the problem's HTTP status. The API's problem detail is for machines.
 *
 * <p>A boosted htmx request gets the whole page, which htmx swaps in like any page; any other htmx
 * request (a fragment such as a run's progress box) gets only the message, swapped where the
 * fragment stood, so a failing poll ends with the message instead of a page inside a box.
 */
@ApplicationScoped
public class PortalProblemPages implements ProblemPages {
    @CheckedTemplate(basePath = "portal")
    static class Templates {
        static native TemplateInstance problem(String heading, String detail, int status);

        static native TemplateInstance problem$message(String heading, String detail, int status);
    }

    @Inject HttpServerRequest request;

    @Override
    public boolean shows(String path) {
        return path.equals("/portal") || path.startsWith("/portal/");
    }

    @Override
    public Response page(Problem problem) {
        String heading = heading(problem);
        boolean fragment = request.headers().contains("HX-Request") && !request.headers().contains("HX-Boosted");
        TemplateInstance page = fragment ? Templates.problem$message(heading, problem.detail(), problem.status())
                : Templates.problem(heading, problem.detail(), problem.status());
        return Response.status(problem.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }

    /** What happened in the user's words; the problem's own title where no plainer one fits. */
    private static String heading(Problem problem) {
        return switch (problem.status()) {
            case 403 -> "This page is not open to your login";
            case 404 -> "Not found";
            case 500 -> "Something went wrong on our side";
            default -> problem.title();
        };
    }
}
