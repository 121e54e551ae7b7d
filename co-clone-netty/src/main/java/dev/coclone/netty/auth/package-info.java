/** API keys exchanged for short-lived JWTs, verified locally with jjwt. */
package dev.coclone.netty.auth;
