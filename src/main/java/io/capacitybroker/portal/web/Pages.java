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

    /**
     * A CSV file the browser saves ({@code Content-Disposition: attachment}) rather than shows: the
     * portal's downloads ride on the session cookie, so finance needs no API token for them.
     */
    public static Response csvDownload(String fileName, String csv) {
        return Response.ok(csv, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }

    /** A form the broker refused, shown again with the messages: 422 (htmx is configured to show it). */
    public static Response refused(Object page) {
        return Response.status(422).entity(page).build();
    }
}
