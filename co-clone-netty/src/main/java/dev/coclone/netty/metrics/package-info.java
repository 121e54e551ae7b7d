/** Counters, gauges and histograms rendered in Prometheus text format. */
package dev.coclone.netty.metrics;
