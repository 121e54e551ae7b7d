/**
 * Counters, gauges and histograms rendered in Prometheus text format; completion calls are counted
 * through the engine's event listener, editors' reports on shown completions by {@link
 * dev.coclone.netty.metrics.CompletionFeedback}.
 */
package dev.coclone.netty.metrics;
