/** The model backend interface and its value types; implementations live in sub-packages. */
package dev.coclone.model;
