package io.deepbootstrap.app;

import io.deepbootstrap.core.result.RunRecord;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The driver's progress line of a sweep engine, one per finished run:
 * {@code [5/8] mlp-n100-s4-real ok, 3.3 s training; sweep 2m14s elapsed, ETA 1m20s}. The ETA is the time per
 * finished run so far times the runs left, where the time before the first run could start (a cluster starting
 * its executors, loading the experiment) is left out: it is the first record's arrival minus its training time.
 * Runs kept from an earlier process count as finished but not in the rate.
 */
final class SweepProgress {
    private final int total;
    private final int kept;
    private final LongSupplier clock;
    private final long start;
    private int finished;
    private double startup = -1;

    /**
     * @param total the planned runs
     * @param kept how many of them finished in an earlier process
     */
    SweepProgress(int total, int kept) {
        this(total, kept, System::nanoTime);
    }

    /** @param total the planned runs @param kept kept from earlier @param clock nanoseconds (a test's clock) */
    SweepProgress(int total, int kept, LongSupplier clock) {
        this.total = total;
        this.kept = kept;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.finished = kept;
    }

    /**
     * @param record a run that has just finished
     * @return its progress line
     */
    String line(RunRecord record) {
        finished++;
        double elapsed = (clock.getAsLong() - start) / 1e9;
        double trained = record.curve().isEmpty() ? 0 : record.curve().get(record.curve().size() - 1).elapsedSeconds();
        if (startup < 0) {
            startup = Math.max(0, elapsed - trained);
        }
        int now = finished - kept;
        double eta = (elapsed - startup) / now * (total - finished);
        String status = record.status().id() + (record.message().isEmpty() ? "" : " (" + record.message() + ")");
        return String.format(Locale.ROOT, "[%d/%d] %s %s, %.1f s training; sweep %s elapsed, ETA %s", finished, total,
                record.id().label(), status, trained, duration(elapsed), finished >= total ? "done" : duration(eta));
    }

    /** @return e.g. "42s", "3m05s", "2h07m" */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
