/** Geographic routing: regions, locations, distances, health, and the {@code /v1/route} endpoint. */
package dev.coclone.netty.route;
