/** The server side of the test harness: a full in-process Co-Clone server with a scripted model. */
package dev.coclone.netty.testing;
