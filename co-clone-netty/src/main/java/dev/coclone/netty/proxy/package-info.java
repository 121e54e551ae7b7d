/** The regional proxy: local token checks, limits, and streams relayed over pooled h2c connections. */
package dev.coclone.netty.proxy;
