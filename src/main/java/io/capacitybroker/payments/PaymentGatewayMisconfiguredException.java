package io.capacitybroker.payments;

/**
 * The broker's own Stripe set-up is wrong: no or an invalid API key (HTTP 401), a key without the
 * needed permission (403), a missing setting. An operator must fix it; retrying will not help.
 */
public class PaymentGatewayMisconfiguredException extends PaymentGatewayException {
    public PaymentGatewayMisconfiguredException(String message, String requestId, Integer httpStatus, Throwable cause) {
        super(message, null, requestId, httpStatus, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
