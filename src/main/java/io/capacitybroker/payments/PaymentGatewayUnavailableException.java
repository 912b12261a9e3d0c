package io.capacitybroker.payments;

/**
 * Stripe could not be reached or did not finish (network error, timeout, HTTP 5xx, rate limit) after
 * the client's own retries. The call may or may not have taken effect: repeat it later with the
 * same idempotency key, which makes that safe.
 */
public class PaymentGatewayUnavailableException extends PaymentGatewayException {
    public PaymentGatewayUnavailableException(String message, String code, String requestId, Integer httpStatus,
                                              Throwable cause) {
        super(message, code, requestId, httpStatus, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
