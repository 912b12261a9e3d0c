package io.capacitybroker.platform.csv;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

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

    /** {@code json} as JSON, or the CSV {@code csv} writes when the client prefers CSV (only then is it written). */
    public static Response jsonOrCsv(HttpHeaders headers, Object json, Supplier<String> csv) {
        return preferredBy(headers)
                ? Response.ok(csv.get(), CSV).build()
                : Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
