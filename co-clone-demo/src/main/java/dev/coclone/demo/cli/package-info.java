/**
 * What every command of the launcher shares and that imports none of them: the version every
 * {@code --version} prints. The commands ({@code dev.coclone.demo}) and the benches
 * ({@code dev.coclone.demo.bench}) both use it, so neither imports the other for it.
 */
package dev.coclone.demo.cli;
