package dev.agentplatform.router.learning;

class InMemorySuccessRatesTest extends SuccessRatesContract {

    @Override
    protected SuccessRates rates() {
        return new InMemorySuccessRates(properties);
    }
}
