/**
 * Input guard: every message a model will read (any role, its content and name) goes through the
 * prompt-injection detector of platform-guard; a finding refuses the request (403 problem naming the
 * messages) or, per tier, only flags it. The same verdicts apply to the chat pipeline and to the
 * native task API's body. Pure CPU, no I/O on the request path.
 */
package dev.agentplatform.gateway.guard;
