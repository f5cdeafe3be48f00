package io.deepbootstrap.core.engine;

/**
 * One side of a real-world run and an ideal-world run trained together ({@code training.pair-worlds}): the real
 * run publishes its T_stop search's progress, the ideal run reads it (and evaluates at T_stop afterwards, from
 * snapshots); both take turns of a few steps.
 *
 * @param progress the real run's T_stop progress
 * @param turns this run's turns
 */
public record WorldPair(StopProgress progress, StepTurns turns) {
}
