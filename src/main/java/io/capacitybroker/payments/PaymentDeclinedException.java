package io.capacitybroker.payments;

/** The customer's bank or card refused the charge (HTTP 402, {@code card_error}). Not retryable as is. */
public class PaymentDeclinedException extends PaymentGatewayException {
    private final String declineCode;

    public PaymentDeclinedException(String message, String code, String declineCode, String requestId, Throwable cause) {
        super(message, code, requestId, 402, cause);
        this.declineCode = declineCode;
    }

    /** The issuer's reason ({@code generic_decline}, {@code insufficient_funds}, ...), or null. */
    public String declineCode() {
        return declineCode;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
