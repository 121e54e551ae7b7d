/**
 * Counters, gauges and histograms rendered in Prometheus text format; completion calls are counted
 * through the engine's event listener.
 */
package dev.coclone.netty.metrics;
