/** The {@code bench} subcommands: engine, context, proxy, routing and signature-tracking benchmarks. */
package dev.coclone.demo.bench;
