package io.capacitybroker.platform.error;

import java.net.URI;

/** The stable problem types of the API; clients switch on {@link #uri()}, never on the title. */
public enum ProblemType {
    VALIDATION(400, "The request is not valid"),
    MALFORMED_JSON(400, "The request body is not valid JSON for this operation"),
    UNAUTHENTICATED(401, "Authentication is required"),
    FORBIDDEN(403, "This role may not perform this operation"),
    NOT_FOUND(404, "No such resource"),
    ALREADY_EXISTS(409, "The resource already exists"),
    CAPACITY_CONFLICT(409, "The capacity is no longer available"),
    CAPACITY_BELOW_COMMITMENTS(409, "Capacity cannot be reduced below what is already held or booked"),
    ILLEGAL_TRANSITION(409, "The reservation cannot make this transition"),
    OFFER_NOT_BOOKABLE(409, "The offer cannot be booked now"),
    QUOTE_EXPIRED(410, "The quote has expired"),
    USAGE_RECORD_CONFLICT(409, "A usage record with this id was already stored with other content"),
    IDEMPOTENCY_KEY_REUSED(422, "The Idempotency-Key was already used with another request"),
    BILLING_RUN_IN_PROGRESS(409, "Another billing run of this period is in progress"),
    CREDIT_EXCEEDS_INVOICE(409, "The credit note exceeds what is left of the invoice"),
    WEBHOOK_SIGNATURE_INVALID(400, "The webhook's signature is missing, wrong or too old"),
    PROTOCOL(400, "The request does not fit this operation's HTTP contract"),
    INTERNAL(500, "Internal error"),
    NOT_CONFIGURED(503, "This part of the broker is not configured");

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() { return status; }
    public String title() { return title; }

    public URI uri() {
        return URI.create("urn:capacity-broker:problem:" + name().toLowerCase().replace('_', '-'));
    }
}
