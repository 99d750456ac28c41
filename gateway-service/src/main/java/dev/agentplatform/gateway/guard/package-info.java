/**
 * Input guard: a prompt-injection detector (classic phrasings as patterns plus a logistic
 * regression over character and word n-grams, trained at startup from a committed labelled set)
 * that blocks or, per tier, only flags a prompt. Pure CPU, no I/O on the request path.
 */
package dev.agentplatform.gateway.guard;
