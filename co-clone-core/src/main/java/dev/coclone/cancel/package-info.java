/** Cooperative cancellation shared by calls, backends and servers. */
package dev.coclone.cancel;
