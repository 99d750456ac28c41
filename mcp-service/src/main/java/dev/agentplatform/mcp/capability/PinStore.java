package dev.agentplatform.mcp.capability;

/** Where approved tool definition hashes are kept, by server and tool. */
interface PinStore {

    /** Records {@code hash} unless a pin exists; returns the pin in force. */
    String pinIfAbsent(String server, String tool, String hash);

    /** Records {@code hash} as the approved definition, replacing any earlier pin. */
    void pin(String server, String tool, String hash);
}
