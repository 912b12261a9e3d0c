package io.capacitybroker.testsupport;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the broker's /q/metrics (Prometheus text format) the way a scraper does. */
public final class PrometheusMetrics {
    private PrometheusMetrics() {}

    /** The whole page; also written to target/metrics-scraped.txt for a person to read. */
    public static String scrape() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        try {
            Files.writeString(Path.of("target/metrics-scraped.txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text;
    }

    /** The value of the sample with exactly this name and these labels, or 0 when it is absent (a counter not yet touched). */
    public static double value(String metrics, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    public static double value(String sample) {
        return value(scrape(), sample);
    }
}
