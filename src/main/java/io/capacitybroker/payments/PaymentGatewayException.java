package io.capacitybroker.payments;

/**
 * A payment-provider call that did not succeed. Subclasses say what the caller can do:
 * {@link #retryable()} calls may be repeated later with the same idempotency key; the others need
 * a different request, a human, or a fixed configuration.
 */
public abstract class PaymentGatewayException extends RuntimeException {
    private final String code;
    private final String requestId;
    private final Integer httpStatus;

    protected PaymentGatewayException(String message, String code, String requestId, Integer httpStatus, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.requestId = requestId;
        this.httpStatus = httpStatus;
    }

    /** Stripe's error code ({@code card_declined}, {@code resource_missing}, ...), or null. */
    public String code() {
        return code;
    }

    /** Stripe's request id ({@code req_...}) for support and logs, or null. */
    public String requestId() {
        return requestId;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public abstract boolean retryable();
}
