package io.capacitybroker.platform.csv;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The finance exports answer JSON by default and CSV to a client that asks for it. */
public final class CsvMediaType {
    public static final String TEXT_CSV = "text/csv";
    public static final MediaType CSV = MediaType.valueOf(TEXT_CSV);

    private CsvMediaType() {}

    /** CSV only when the client prefers it to JSON; a wildcard gets JSON. */
    public static boolean preferredBy(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isWildcardType() || type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) return false;
            if (type.isCompatible(CSV)) return true;
        }
        return false;
    }
}
