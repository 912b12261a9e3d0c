package io.capacitybroker.identity;

import jakarta.inject.Inject;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Puts the caller's organisation (tenant or partner id, from the verified token) into the logging
 * context of each API request, beside the request id. Only the id: never the token or its claims.
 */
public class CallerLogContext {
    public static final String MDC_KEY = "organisation";

    @Inject Caller caller;

    @ServerRequestFilter
    public void organisation() {
        caller.organisation().ifPresent(organisation -> MDC.put(MDC_KEY, organisation));
    }
}
