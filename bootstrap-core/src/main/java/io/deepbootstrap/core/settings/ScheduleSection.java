package io.deepbootstrap.core.settings;

import io.deepbootstrap.core.engine.LearningRateSchedule;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code training.schedule} block (bootstrap-core's reference.conf, same key order): the learning rate
 * as a function of the step. {@code milestones} and {@code gamma} are legal for the step type only.
 *
 * @param type {@code type}: constant, cosine (over T) or step
 * @param milestones {@code milestones}: for step, the fractions of T at which the rate is multiplied by gamma
 * @param gamma {@code gamma}: the step schedule's factor
 * @param warmupSteps {@code warmup-steps}: linear warm-up from 0 over this many steps
 */
public record ScheduleSection(Type type, List<Double> milestones, double gamma, int warmupSteps) {
    private static final String BLOCK = "training.schedule";
    private static final String P = BLOCK + ".";
    private static final Set<String> KEYS = Set.of("type", "warmup-steps");
    private static final Set<String> STEP_KEYS = Set.of("type", "warmup-steps", "milestones", "gamma");

    /** Schedule shapes. */
    public enum Type {
        /** the base rate throughout */
        CONSTANT,
        /** cosine decay from the base rate over T */
        COSINE,
        /** multiplied by gamma at each milestone */
        STEP;

        /** @return the name used in configurations */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param r the reader
     * @param totalSteps T (bounds the warm-up)
     * @return the block, or null if it has problems (recorded in r)
     */
    static ScheduleSection parse(SettingsReader r, int totalSteps) {
        int before = r.problemCount();
        String name = r.string(P + "type", "constant, cosine or step");
        Type type = null;
        if (name != null) {
            try {
                type = Type.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                r.problem(P + "type", "expected constant, cosine or step, found '" + name + "'");
            }
        }
        if (type == null) {
            return null;
        }
        if (!r.checkKeys(BLOCK, type == Type.STEP ? STEP_KEYS : KEYS, "schedule type " + type.id())) {
            return null;
        }
        List<Double> milestones = null;
        Double gamma = null;
        if (type == Type.STEP) {
            milestones = r.get(P + "milestones", () -> r.merged().getDoubleList(P + "milestones"), "a list of numbers");
            // fractions of T in (0, 1) also rule out infinities and NaN
            if (milestones != null && milestones.stream().anyMatch(m -> !(m > 0 && m < 1))) {
                r.problem(P + "milestones", "expected fractions of T in (0, 1), found " + milestones);
            }
            gamma = r.number(P + "gamma");
            if (gamma != null && !(gamma > 0)) {
                r.problem(P + "gamma", "expected a number > 0, found " + gamma);
            }
        }
        Integer warmup = r.integer(P + "warmup-steps");
        if (warmup != null && (warmup < 0 || warmup >= totalSteps)) {
            r.problem(P + "warmup-steps", "expected 0 <= warmup-steps < T = " + totalSteps + ", found " + warmup);
        }
        if (r.problemCount() > before) {
            return null;
        }
        return new ScheduleSection(type, milestones == null ? List.of() : List.copyOf(milestones),
                gamma == null ? 1 : gamma, warmup);
    }

    /**
     * @param baseRate the optimizer's learning rate
     * @param totalSteps T
     * @return the schedule
     */
    public LearningRateSchedule schedule(double baseRate, int totalSteps) {
        LearningRateSchedule base = switch (type) {
            case CONSTANT -> step -> baseRate;
            case COSINE -> LearningRateSchedule.cosine(baseRate, totalSteps);
            case STEP -> LearningRateSchedule.stepDecay(baseRate, totalSteps, milestones, gamma);
        };
        return warmupSteps == 0 ? base : LearningRateSchedule.withWarmup(base, warmupSteps);
    }
}
