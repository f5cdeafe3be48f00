package io.deepbootstrap.app;

import io.deepbootstrap.core.checkpoint.ExperimentStopped;
import io.deepbootstrap.core.checkpoint.RunStopped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code run} says when it was stopped by a signal: what was kept (finished runs, checkpoints of the runs
 * that were training) and the exact command that resumes.
 */
final class StopReport {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,+@%^-]+");

    private StopReport() {
    }

    /**
     * @param signal the signal, e.g. {@code TERM}
     * @param stopped what the runner reported
     * @param finished runs finished (now or earlier) and kept
     * @param planned runs planned
     * @param dir the results folder
     * @param resume the command that resumes
     * @return the lines to print
     */
    static List<String> lines(String signal, ExperimentStopped stopped, int finished, int planned, Path dir, String resume) {
        List<String> out = new ArrayList<>();
        out.add(String.format("stopped by SIG%s: %d of %d runs finished and are kept in %s (runs/; the result files "
                + "include them)", signal, finished, planned, dir));
        for (RunStopped r : stopped.runs()) {
            out.add("  " + r.run().label() + ": " + (r.saved()
                    ? "checkpoint after step " + r.step() + " in " + dir.resolve(RunCommand.CHECKPOINTS) + ": it continues from there"
                    : r.step() == 0 ? "stopped before its first step (while its data was drawn or it waited for the real runs of its "
                            + "cell): it starts from step 1 when resumed"
                    : "stopped after step " + r.step() + " without a checkpoint: it starts over when resumed"));
        }
        int notStarted = planned - finished - stopped.runs().size();
        if (notStarted > 0) {
            out.add("  " + notStarted + " run" + (notStarted == 1 ? "" : "s") + " not started");
        }
        out.add("resume with: " + resume);
        return out;
    }

    /**
     * @param args the arguments {@code run} was given (after the command name)
     * @return the command that resumes: the same arguments without {@code --fresh}, behind the launcher
     */
    static String resumeCommand(List<String> args) {
        StringBuilder b = new StringBuilder(launcher()).append(" run");
        for (String a : args) {
            if (!a.equals("--fresh")) {
                b.append(' ').append(quote(a));
            }
        }
        return b.toString();
    }

    /**
     * @return {@code ./bootstrap} when started by the launcher in the working directory, else the launcher's or the
     *     distribution's path
     */
    private static String launcher() {
        String dir = System.getenv("BOOTSTRAP_LAUNCHER_DIR");
        if (dir == null || dir.isBlank()) {
            String home = System.getProperty("bootstrap.home"); // the distribution's bin/bootstrap
            return home == null ? "bootstrap" : quote(Path.of(home, "bin", "bootstrap").toString());
        }
        Path launcher = Path.of(dir).resolve("bootstrap").toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return launcher.getParent().equals(cwd) ? "./bootstrap" : quote(launcher.toString());
    }

    /** @return the argument as a POSIX shell reads it back */
    static String quote(String arg) {
        return PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
