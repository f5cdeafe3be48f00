package io.deepbootstrap.core.engine;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * What a real-world run trained beside its ideal-world run has found out about its T_stop so far, for the ideal run
 * (which is evaluated at T_stop too, see {@link DeferredStopEvaluations}). The real run's {@link StopStepSearch}
 * publishes each snapshot step (a candidate T_stop: the search may locate T_stop there later), each evaluation of S
 * that does not meet the criterion (no T_stop at or before it) and the located T_stop; its trainer publishes each
 * step it has finished (a finished step that is no candidate is no T_stop); the experiment publishes the end of
 * the run with the T_stop its record gives (final), or that it stopped (nothing more will come in this process).
 * Thread-safe; readers may wait for the next change.
 */
public final class StopProgress {
    /** What is known of one step. */
    public enum Status {
        /** the step is not a T_stop of the real run */
        NOT_STOP,
        /** the step is the real run's T_stop */
        STOP,
        /** not known yet */
        PENDING
    }

    private final TreeSet<Integer> candidates = new TreeSet<>();
    private int cleared;
    private int done;
    private int located;
    private int[] finalStops;
    private boolean abandoned;
    private long version;

    /** Progress of a real run that is still to train: nothing known yet. */
    public StopProgress() {
    }

    /**
     * @param stops the T_stops of the cell's real runs, all known (an ideal run trained after them)
     * @return progress that knows everything
     */
    public static StopProgress resolved(int[] stops) {
        StopProgress p = new StopProgress();
        p.finalStops = stops.clone();
        Arrays.sort(p.finalStops);
        return p;
    }

    /** @param step a snapshot step of the search: a candidate T_stop */
    public synchronized void candidate(int step) {
        candidates.add(step);
        changed();
    }

    /** @param step a step at which S did not meet the criterion: no T_stop at or before it */
    public synchronized void cleared(int step) {
        cleared = Math.max(cleared, step);
        candidates.headSet(step, true).clear();
        changed();
    }

    /** @param step the located T_stop */
    public synchronized void located(int step) {
        located = step;
        candidates.clear();
        changed();
    }

    /** @param step the last step the real run has finished (trained, and its search updated) */
    public synchronized void stepDone(int step) {
        done = Math.max(done, step);
        changed();
    }

    /** @param stop the T_stop of the real run's record (empty if none): final */
    public synchronized void ended(OptionalInt stop) {
        finalStops = stop.isPresent() ? new int[] {stop.getAsInt()} : new int[0];
        changed();
    }

    /** The real run stopped (a stop was requested) or crashed: nothing more will be published in this process. */
    public synchronized void abandoned() {
        abandoned = true;
        changed();
    }

    /** @return whether nothing more will change: ended, or abandoned */
    public synchronized boolean settled() {
        return finalStops != null || abandoned;
    }

    /**
     * @param step a step
     * @return whether it is the real run's T_stop, is not, or is not known yet
     */
    public synchronized Status status(int step) {
        if (finalStops != null) {
            return Arrays.binarySearch(finalStops, step) >= 0 ? Status.STOP : Status.NOT_STOP;
        }
        if (located > 0) {
            return step == located ? Status.STOP : Status.NOT_STOP;
        }
        if (step <= cleared) {
            return Status.NOT_STOP;
        }
        if (candidates.contains(step) || step > done) {
            return Status.PENDING;
        }
        return Status.NOT_STOP;
    }

    /** @return a number that changes with every publication */
    public synchronized long version() {
        return version;
    }

    /**
     * Waits until something is published after {@code seen} was read from {@link #version()}, at most {@code millis}.
     *
     * @return false if the thread was interrupted
     */
    public synchronized boolean awaitChange(long seen, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (version == seen) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return true;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void changed() {
        version++;
        notifyAll();
    }
}
