/** Function signature tracking: declarations, typed changes, dependent sites and their edits. */
package dev.coclone.signature;
