/**
 * Authentication between the platform's services. The gateway is the only door: every call between
 * services carries a short-lived credential of the calling service ({@link ServiceTokens}, an HS256
 * JWT signed with a secret all services share), and the user a call acts for travels inside it. A
 * service refuses any call to its API without a valid one ({@link ServiceAuthenticationFilter}) and
 * sees the user only as the token names it; a bare {@code X-User-Id} from anyone else means nothing.
 * Outbound calls made with the auto-configured {@code RestClient.Builder} get their token from
 * {@link ServiceTokenInterceptor}, which turns the identity headers the code sets into the token.
 */
package dev.agentplatform.support.security;
