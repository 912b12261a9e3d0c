package io.capacitybroker.payments;

/** The fake used by fast billing tests keeps the gateway contract. */
class FakePaymentGatewayTest extends PaymentGatewayContractTest {
    private final FakePaymentGateway fake = new FakePaymentGateway();

    @Override
    protected PaymentGateway gateway() {
        return fake;
    }

    @Override
    protected void declinePaymentsOf(String customerId) {
        fake.declinePaymentsOf(customerId);
    }

    @Override
    protected int created(String objectType) {
        return fake.created(objectType);
    }
}
