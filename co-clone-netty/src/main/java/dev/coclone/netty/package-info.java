/** Co-Clone's Netty servers: one port for TLS+ALPN h2, h2c and HTTP/1.1. */
package dev.coclone.netty;
