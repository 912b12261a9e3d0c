package io.capacitybroker.platform.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Gives every HTTP request an id: the caller's {@code X-Request-Id} when it is a plausible id (so a
 * gateway's id follows the request through), otherwise a new one. The id is echoed in the response
 * and put into the logging context, so every log line of the request carries it (JSON logs show it
 * under {@code mdc.requestId}).
 */
@ApplicationScoped
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    /** Anything else (too long, spaces, control characters) could forge or break log lines, and is replaced. */
    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Before the other filters, so that whatever they log carries the id. */
    private static final int PRIORITY = 1000;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String id = accept(context.request().getHeader(HEADER));
            MDC.put(MDC_KEY, id);
            context.response().putHeader(HEADER, id);
            context.next();
        }, PRIORITY);
    }

    static String accept(String offered) {
        return offered != null && PLAUSIBLE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }
}
