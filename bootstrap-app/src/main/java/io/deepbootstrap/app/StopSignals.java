package io.deepbootstrap.app;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and Ctrl-C (SIGINT) in a command, in two phases. Before training ({@link #phase}: loading plugins, opening
 * and fitting the data, building components, validating) nothing is worth saving: a signal says so and exits at
 * once; the shutdown hooks then remove the temporary folders and the temporary files of writes in progress, whose
 * targets are only ever replaced by complete files. Once {@link #deferStops()} was called (training), the first
 * signal only asks for a stop (the training runs save a checkpoint after their current step and the result files
 * are written, see {@link io.deepbootstrap.core.checkpoint.RunPersistence}); a second one exits at once (the last
 * checkpoints stay). The exit code is 128 + the signal's number: 143 for SIGTERM, 130 for SIGINT. Closing restores
 * the handlers that were there before.
 */
final class StopSignals implements AutoCloseable {
    /** The signals handled, with their numbers on Linux and macOS. */
    private static final Map<String, Integer> SIGNALS = Map.of("TERM", 15, "INT", 2);

    private final AtomicReference<String> received = new AtomicReference<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final PrintWriter err;
    /** What the command does now, for the message of a signal before training. */
    private volatile String phase = "starting";
    /** What a signal before training leaves behind, for its message. */
    private volatile String kept = "nothing was written";
    private volatile boolean deferring;
    /** Released before an exit at once (the results folder's lock), or null. */
    private volatile AutoCloseable release;

    private StopSignals(PrintWriter err) {
        this.err = err;
    }

    /**
     * @param err where the stop is announced
     * @return the handlers, installed (a signal the platform does not offer is skipped)
     */
    static StopSignals install(PrintWriter err) {
        StopSignals s = new StopSignals(err);
        for (String name : SIGNALS.keySet()) {
            try {
                Signal signal = new Signal(name);
                s.previous.put(signal, Signal.handle(signal, s::handle));
            } catch (IllegalArgumentException e) {
                // not available here (or reserved by the JVM, e.g. with -Xrs): the JVM's default applies
            }
        }
        return s;
    }

    /**
     * Says what the command does now: a signal exits at once, naming it (until {@link #deferStops()}).
     *
     * @param what e.g. "loading the plugins, the data and the components"
     * @param left what exiting now leaves behind, e.g. "nothing was trained yet and nothing written"
     */
    void phase(String what, String left) {
        this.phase = what;
        this.kept = left;
    }

    /**
     * @param resource closed before an exit at once (e.g. the results folder's lock, so that the next process does not
     *     find a stale one); a failure to close it is ignored
     */
    void releaseOnExit(AutoCloseable resource) {
        this.release = resource;
    }

    /** From now on the first signal only asks for a stop ({@link #requested()}); a second one exits at once. */
    void deferStops() {
        deferring = true;
    }

    private void handle(Signal signal) {
        if (!deferring) {
            received.compareAndSet(null, signal.getName());
            err.println();
            err.println("SIG" + signal.getName() + " received while " + phase + ": " + kept + "; exiting");
            err.flush();
            AutoCloseable r = release;
            if (r != null) {
                try {
                    r.close();
                } catch (Exception e) {
                    // the kernel releases the lock at exit; the next process takes over the file with a warning
                }
            }
            System.exit(exitCode(signal.getName()));
        } else if (received.compareAndSet(null, signal.getName())) {
            err.println();
            err.println("SIG" + signal.getName() + " received: stopping after the current step, saving checkpoints and "
                    + "result files (send it again to quit at once)");
            err.flush();
        } else {
            err.println("SIG" + signal.getName() + " again: quitting at once (the last checkpoints are kept)");
            err.flush();
            System.exit(exitCode(signal.getName()));
        }
    }

    /** @return whether a stop was requested */
    boolean requested() {
        return received.get() != null;
    }

    /** @return the signal received first, e.g. {@code TERM}, or null */
    String signal() {
        return received.get();
    }

    /**
     * Asks for a stop as a signal would (for tests and for callers that stop on other grounds).
     *
     * @param name the signal's name, {@code TERM} or {@code INT}
     */
    void request(String name) {
        received.compareAndSet(null, name);
    }

    /**
     * @param name a signal's name, {@code TERM} or {@code INT}
     * @return the exit code after a stop by it: 128 + its number
     */
    static int exitCode(String name) {
        return 128 + SIGNALS.getOrDefault(name, 15);
    }

    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                // nothing to restore
            }
        });
    }
}
