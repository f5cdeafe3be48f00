package io.deepbootstrap.core.experiment;

import io.deepbootstrap.core.engine.StepTurns;

/**
 * The turns of two runs that share one slot ({@code training.pair-worlds}): side 0 (the real-world run) trains first,
 * then side 1 (the ideal-world run), {@code stepsPerTurn} steps each in turn, so that only one of them trains at any
 * moment and both see the machine at the same time. A turn of several steps keeps a network's weights in the caches
 * across its steps (turns of one step made the MLP's steps ~30% dearer). A side that ends leaves; the other then
 * trains alone.
 */
final class Baton {
    private final int stepsPerTurn;
    private int turn;
    private int stepsInTurn;
    private final boolean[] left = new boolean[2];

    /** @param stepsPerTurn the steps a side trains before the other side's turn */
    Baton(int stepsPerTurn) {
        this.stepsPerTurn = stepsPerTurn;
    }

    private void give(int to) {
        turn = to;
        stepsInTurn = 0;
        notifyAll();
    }

    /**
     * @param side 0 or 1
     * @return that side's view of the turns
     */
    StepTurns side(int side) {
        int other = 1 - side;
        return new StepTurns() {
            @Override
            public void acquire() {
                synchronized (Baton.this) {
                    while (turn != side && !left[other]) {
                        try {
                            Baton.this.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }

            @Override
            public void release() {
                synchronized (Baton.this) {
                    if (++stepsInTurn >= stepsPerTurn && !left[other]) {
                        give(other);
                    }
                }
            }

            @Override
            public void handOver() {
                synchronized (Baton.this) {
                    if (!left[other]) {
                        give(other);
                    }
                }
            }

            @Override
            public void leave() {
                synchronized (Baton.this) {
                    left[side] = true;
                    give(other);
                }
            }
        };
    }
}
