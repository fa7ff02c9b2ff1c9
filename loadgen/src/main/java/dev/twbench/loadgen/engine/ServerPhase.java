package dev.twbench.loadgen.engine;

/**
 * The server's rules and counters for one phase: the warm-up's until Go, the scenario's (with
 * fresh counters) after. One value, so that a connection never gets one phase's rules with the
 * other's counters; each connection takes the phase current when it is accepted.
 */
record ServerPhase(ExchangeRules rules, ChurnCounters counters) {
}
