/**
 * One spelling per path: the first filter after the request id turns the request path into its one
 * canonical form (percent-encoded unreserved characters decoded) or refuses it with a 400 problem
 * when it could be read two ways (matrix parameters, dot segments, empty segments, encoded slashes,
 * backslashes, dots or percent signs, control or non-ASCII characters). Every later decision
 * (public or not, admin or not, rate limits, routes) and the request forwarded downstream see that
 * same path, so no spelling can be authorised as one path and served as another.
 */
package dev.agentplatform.gateway.path;
