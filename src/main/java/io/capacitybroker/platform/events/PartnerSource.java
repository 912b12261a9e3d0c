package io.capacitybroker.platform.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who sent a partner event: the CloudEvent {@code source} is {@code /partners/{partnerId}} or
 * {@code /partners/{partnerId}/sites/{siteId}} (docs/events.md). Ids follow the REST path rules.
 */
public record PartnerSource(String partnerId, String siteId) {
    private static final Pattern SOURCE =
            Pattern.compile("/partners/([A-Za-z0-9][A-Za-z0-9._-]{0,63})(?:/sites/([A-Za-z0-9][A-Za-z0-9._-]{0,63}))?");

    public static PartnerSource of(InboundEvent event) {
        Matcher m = SOURCE.matcher(event.source());
        if (!m.matches()) {
            throw new RejectedEvent("source must be /partners/{partnerId} or /partners/{partnerId}/sites/{siteId}, was "
                    + event.source());
        }
        return new PartnerSource(m.group(1), m.group(2));
    }

    public String requireSite() {
        if (siteId == null) throw new RejectedEvent("source must name the site: /partners/" + partnerId + "/sites/{siteId}");
        return siteId;
    }

    /** The actor recorded in audit trails and reservation history for changes made through Kafka. */
    public String actor() {
        return "partner:" + partnerId + "/kafka";
    }
}
