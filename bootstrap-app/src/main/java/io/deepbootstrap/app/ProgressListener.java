package io.deepbootstrap.app;

import io.deepbootstrap.api.RunId;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunListener;
import io.deepbootstrap.api.run.RunStatus;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a progress bar with ETA per run on a terminal, or one line per evaluation otherwise (logs, CI).
 */
final class ProgressListener implements RunListener {
    private final PrintStream out;
    private final boolean interactive;
    private final int runCount;
    private int runIndex;
    private ProgressBar bar;

    ProgressListener(PrintStream out, boolean interactive, int runCount) {
        this.out = out;
        this.interactive = interactive;
        this.runCount = runCount;
    }

    @Override
    public synchronized void runStarted(RunId run, int totalSteps) {
        boolean pretraining = run.isPretraining(); // not one of the planned runs
        if (!pretraining) {
            runIndex++;
        }
        String task = pretraining ? "[pretraining] " + run.label()
                : String.format(Locale.ROOT, "[%d/%d] %s", runIndex, runCount, run.label());
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSteps)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).showSpeed().setUnit(" steps", 1).build();
        } else {
            out.println(task + ": " + totalSteps + " steps");
        }
    }

    @Override
    public synchronized void stepCompleted(RunId run, int step, double trainLoss) {
        if (bar != null) {
            bar.stepTo(step);
            if (step % 25 == 0) {
                bar.setExtraMessage(String.format(Locale.ROOT, "loss %.3f", trainLoss));
            }
        }
    }

    @Override
    public synchronized void evaluated(RunId run, Evaluation e) {
        if (!interactive) {
            Double train = e.train().get("error");
            out.printf(Locale.ROOT, "  %s step %d: test error %.4f, soft-error %.4f%s (%.1f s)%n", run.label(), e.step(),
                    e.test().get("error"), e.test().get("soft-error"),
                    train == null ? "" : String.format(Locale.ROOT, ", train error %.4f", train), e.elapsedSeconds());
        }
    }

    @Override
    public synchronized void runFinished(RunId run, RunStatus status, String message) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        if (status != RunStatus.OK) {
            out.println("  " + run.label() + ": " + status.id().toUpperCase(Locale.ROOT) + ": " + message);
        }
    }
}
