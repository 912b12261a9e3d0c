package io.capacitybroker.payments;

/**
 * The idempotency key was used before for a different request (other parameters or another
 * endpoint). That is a bug in how the key was derived, never something to retry: two business
 * documents share a key, or a document changed after it was sent.
 */
public class IdempotencyConflictException extends PaymentGatewayException {
    private final IdempotencyKey key;

    public IdempotencyConflictException(String message, IdempotencyKey key, String requestId, Throwable cause) {
        super(message, "idempotency_error", requestId, 400, cause);
        this.key = key;
    }

    public IdempotencyKey key() {
        return key;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
