package dev.agentplatform.router.registry;

class InMemoryAgentStoreTest extends AgentStoreContract {

    @Override
    protected AgentStore store() {
        return new InMemoryAgentStore();
    }
}
