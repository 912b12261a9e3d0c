package io.capacitybroker.portal.web;

import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The portal's answers besides a page: after a change, the browser is sent to the page that shows it. */
public final class Pages {
    private Pages() {}

    /** 303 See Other: a reload then repeats the GET, never the POST. */
    public static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    /** A form the broker refused, shown again with the messages: 422 (htmx is configured to show it). */
    public static Response refused(Object page) {
        return Response.status(422).entity(page).build();
    }
}
