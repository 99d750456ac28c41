/**
 * The detector's parts (normalisation, patterns, features, classifier, data sets). Public only so
 * that {@link dev.agentplatform.guard.InjectionDetector} and this module's evaluations can reach
 * them; services use the detector, not these.
 */
package dev.agentplatform.guard.internal;
