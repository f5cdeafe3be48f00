package io.deepbootstrap.core.result;

import io.deepbootstrap.api.World;
import io.deepbootstrap.api.run.Evaluation;
import io.deepbootstrap.api.run.RunStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A real-world run compared with its ideal-world partner: the bootstrap gap
 * {@code ε(t) = Test<metric>(real, t) - Test<metric>(ideal, t)} at every step both evaluated, the real
 * world's T_stop, summaries of |ε| up to T_stop, and both worlds' test metrics at T_stop and at T.
 *
 * <p>Build one with {@link #of}. Summaries are taken over the {@linkplain #window() window}: the common
 * steps from the first (step 1) up to and including T_stop, or all common steps if the real run never
 * converged (then the window is [1, T], or up to the last step both reached). {@link #maxAbsGap()} is the
 * largest |ε| in the window; {@link #meanAbsGap()} the step-weighted mean of |ε| over it (trapezoid rule
 * between evaluated steps, see {@link StepWeightedMean}), so every step weighs the same however the
 * evaluations are spaced. Non-finite gaps (a diverging run's last evaluation) are left out of the
 * summaries; a metric whose window holds no finite gap summarises to NaN.
 *
 * <p>Values at a step ({@link #gapAtTStop()}, {@link #atTStop()}, {@link #atT()}) come from evaluations of
 * both worlds at exactly that step, never from interpolation; a world without an evaluation there has no
 * value.
 *
 * @param real the real-world run
 * @param ideal its ideal-world partner, or {@code null} if none has been recorded
 * @param status ok only if both runs are ok; see {@link ComparisonStatus}
 * @param message why the comparison is not ok (the runs' messages, prefixed by world), else empty
 * @param criterion the convergence criterion T_stop was found with
 * @param tStop the real world's T_stop, empty if it never met the criterion
 * @param gaps the gap at every step evaluated in both worlds, in step order
 * @param maxAbsGap metric to the largest |gap| over the window
 * @param meanAbsGap metric to the step-weighted mean |gap| over the window
 * @param gapAtTStop metric to the gap at T_stop; empty if not converged or the ideal run has no
 *     evaluation at T_stop
 */
public record Comparison(RunRecord real, RunRecord ideal, ComparisonStatus status, String message,
                         ConvergenceCriterion criterion, OptionalInt tStop, List<GapPoint> gaps,
                         Map<String, Double> maxAbsGap, Map<String, Double> meanAbsGap,
                         Map<String, Double> gapAtTStop) {

    public Comparison {
        gaps = List.copyOf(gaps);
        maxAbsGap = Collections.unmodifiableMap(new LinkedHashMap<>(maxAbsGap));
        meanAbsGap = Collections.unmodifiableMap(new LinkedHashMap<>(meanAbsGap));
        gapAtTStop = Collections.unmodifiableMap(new LinkedHashMap<>(gapAtTStop));
    }

    /**
     * Compares a real-world run with its ideal-world partner.
     *
     * @param real a run of the real world
     * @param ideal a run of the ideal world with the same architecture, seed and augmentation, or
     *     {@code null} if there is none yet
     * @param criterion how T_stop is found
     * @return the comparison
     * @throws IllegalArgumentException if the worlds or the pairing key do not match
     */
    public static Comparison of(RunRecord real, RunRecord ideal, ConvergenceCriterion criterion) {
        if (real.id().world() != World.REAL) {
            throw new IllegalArgumentException("expected a real-world run, got " + real.id());
        }
        if (ideal != null && (ideal.id().world() != World.IDEAL
                || !PairKey.of(ideal.id()).equals(PairKey.of(real.id())))) {
            throw new IllegalArgumentException("run " + ideal.id() + " is not the ideal-world partner of "
                    + real.id() + " (expected an ideal run with " + PairKey.of(real.id()) + ")");
        }
        OptionalInt tStop = criterion.stopStep(real.curve());
        List<GapPoint> gaps = ideal == null ? List.of() : gaps(real.curve(), ideal.curve());
        List<GapPoint> window = window(gaps, tStop);
        Map<String, Double> gapAtTStop = tStop.isEmpty() ? Map.of() : gaps.stream()
                .filter(point -> point.step() == tStop.getAsInt())
                .findFirst().map(point -> ordered(point.gap())).orElse(Map.of());
        return new Comparison(real, ideal, status(real, ideal), message(real, ideal), criterion, tStop,
                gaps, summarise(window, true), summarise(window, false), gapAtTStop);
    }

    /** @return whether the real run met the convergence criterion */
    public boolean converged() {
        return tStop.isPresent();
    }

    /** @return the gaps over which the summaries are taken: up to and including T_stop if converged */
    public List<GapPoint> window() {
        return window(gaps, tStop);
    }

    /**
     * @return the first and last step of the {@linkplain #window() window}, empty if it holds no step
     */
    public Optional<int[]> windowRange() {
        List<GapPoint> window = window();
        return window.isEmpty() ? Optional.empty()
                : Optional.of(new int[] {window.get(0).step(), window.get(window.size() - 1).step()});
    }

    /**
     * @return both worlds' evaluations at T_stop; empty if the real run never converged (the ideal side is
     *     missing if the ideal run has no evaluation at T_stop)
     */
    public Optional<StepPair> atTStop() {
        return tStop.isEmpty() ? Optional.empty() : Optional.of(at(tStop.getAsInt()));
    }

    /**
     * @return both worlds' evaluations at T, the number of steps the real run was planned for (a world
     *     that stopped earlier — diverged, failed, or the real world stopped at convergence — has none)
     */
    public StepPair atT() {
        return at(real.steps());
    }

    /**
     * @param step an optimizer step
     * @return both worlds' evaluations at exactly that step
     */
    public StepPair at(int step) {
        return new StepPair(step, find(real, step), ideal == null ? null : find(ideal, step));
    }

    private static Evaluation find(RunRecord run, int step) {
        for (Evaluation evaluation : run.curve()) {
            if (evaluation.step() == step) {
                return evaluation;
            }
        }
        return null;
    }

    private static List<GapPoint> gaps(List<Evaluation> real, List<Evaluation> ideal) {
        Map<Integer, Evaluation> idealByStep = new HashMap<>();
        for (Evaluation evaluation : ideal) {
            idealByStep.put(evaluation.step(), evaluation);
        }
        List<GapPoint> gaps = new ArrayList<>();
        for (Evaluation r : real) {
            Evaluation i = idealByStep.get(r.step());
            if (i == null) {
                continue;
            }
            Map<String, Double> gap = new LinkedHashMap<>();
            for (String metric : MetricNames.ordered(r.test().keySet())) {
                Double idealValue = i.test().get(metric);
                if (idealValue != null) {
                    gap.put(metric, r.test().get(metric) - idealValue);
                }
            }
            gaps.add(new GapPoint(r.step(), gap));
        }
        return gaps;
    }

    private static List<GapPoint> window(List<GapPoint> gaps, OptionalInt tStop) {
        if (tStop.isEmpty()) {
            return gaps;
        }
        return gaps.stream().filter(point -> point.step() <= tStop.getAsInt()).toList();
    }

    private static Map<String, Double> summarise(List<GapPoint> window, boolean max) {
        Set<String> metrics = new LinkedHashSet<>();
        window.forEach(point -> metrics.addAll(point.gap().keySet()));
        int[] steps = window.stream().mapToInt(GapPoint::step).toArray();
        Map<String, Double> result = new LinkedHashMap<>();
        for (String metric : MetricNames.ordered(metrics)) {
            double[] abs = window.stream()
                    .mapToDouble(point -> Math.abs(point.gap().getOrDefault(metric, Double.NaN))).toArray();
            result.put(metric, max ? max(abs) : StepWeightedMean.of(steps, abs));
        }
        return result;
    }

    private static double max(double[] values) {
        double best = Double.NaN;
        for (double v : values) {
            if (Double.isFinite(v) && !(v <= best)) {
                best = v;
            }
        }
        return best;
    }

    private static Map<String, Double> ordered(Map<String, Double> values) {
        Map<String, Double> result = new LinkedHashMap<>();
        MetricNames.ordered(values.keySet()).forEach(metric -> result.put(metric, values.get(metric)));
        return result;
    }

    private static ComparisonStatus status(RunRecord real, RunRecord ideal) {
        RunStatus idealStatus = ideal == null ? RunStatus.OK : ideal.status();
        if (real.status() == RunStatus.FAILED || idealStatus == RunStatus.FAILED) {
            return ComparisonStatus.FAILED;
        }
        if (real.status() == RunStatus.DIVERGED || idealStatus == RunStatus.DIVERGED) {
            return ComparisonStatus.DIVERGED;
        }
        return ideal == null ? ComparisonStatus.PENDING : ComparisonStatus.OK;
    }

    private static String message(RunRecord real, RunRecord ideal) {
        List<String> parts = new ArrayList<>();
        if (real.status() != RunStatus.OK) {
            parts.add("real: " + real.status().id() + describe(real.message()));
        }
        if (ideal == null) {
            parts.add("no ideal-world run for " + PairKey.of(real.id()));
        } else if (ideal.status() != RunStatus.OK) {
            parts.add("ideal: " + ideal.status().id() + describe(ideal.message()));
        }
        return String.join("; ", parts);
    }

    private static String describe(String message) {
        return message == null || message.isBlank() ? "" : " (" + message + ")";
    }
}
