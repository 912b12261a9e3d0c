package io.capacitybroker.payments;

/**
 * Stripe refused the request itself (HTTP 400/404, {@code invalid_request_error}): a missing or
 * wrong parameter, an unknown customer or account, an invoice in the wrong state. Repeating it
 * changes nothing; {@link #param()} names the field when Stripe does.
 */
public class InvalidPaymentRequestException extends PaymentGatewayException {
    private final String param;

    public InvalidPaymentRequestException(String message, String code, String param, String requestId,
                                          Integer httpStatus, Throwable cause) {
        super(message, code, requestId, httpStatus, cause);
        this.param = param;
    }

    public String param() {
        return param;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
