package io.deepbootstrap.core.settings;

import io.deepbootstrap.api.model.OptimizerSpec;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code training.optimizer} block (bootstrap-core's reference.conf, same key order). Which keys are legal
 * depends on the type: {@code momentum} and {@code nesterov} belong to sgd, {@code beta1}, {@code beta2} and
 * {@code epsilon} to adam.
 *
 * @param learningRate {@code learning-rate}: the base learning rate, which the schedule scales step by step
 * @param spec {@code type}, {@code momentum}, {@code nesterov}, {@code weight-decay}, {@code beta1},
 *     {@code beta2}, {@code epsilon}: the optimizer the networks apply
 */
public record OptimizerSection(double learningRate, OptimizerSpec spec) {
    private static final String BLOCK = "training.optimizer";
    private static final String P = BLOCK + ".";
    private static final Set<String> SGD_KEYS = Set.of("type", "learning-rate", "momentum", "nesterov", "weight-decay");
    private static final Set<String> ADAM_KEYS = Set.of("type", "learning-rate", "weight-decay", "beta1", "beta2", "epsilon");

    /** @param r the reader @return the block, or null if it has problems (recorded in r) */
    static OptimizerSection parse(SettingsReader r) {
        int before = r.problemCount();
        String name = r.string(P + "type", "sgd or adam");
        OptimizerSpec.Type type = null;
        if (name != null) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "sgd" -> type = OptimizerSpec.Type.SGD;
                case "adam" -> type = OptimizerSpec.Type.ADAM;
                default -> r.problem(P + "type", "expected sgd or adam, found '" + name + "'");
            }
        }
        if (type == null) {
            return null;
        }
        boolean sgd = type == OptimizerSpec.Type.SGD;
        if (!r.checkKeys(BLOCK, sgd ? SGD_KEYS : ADAM_KEYS, "optimizer type " + (sgd ? "sgd" : "adam"))) {
            return null;
        }
        Double lr = r.number(P + "learning-rate");
        if (lr != null && !(lr > 0)) {
            r.problem(P + "learning-rate", "expected a number > 0, found " + lr);
        }
        Double weightDecay = r.number(P + "weight-decay");
        Double momentum = sgd ? r.number(P + "momentum") : Double.valueOf(0);
        Boolean nesterov = sgd ? r.bool(P + "nesterov") : Boolean.FALSE;
        Double beta1 = fraction(r, "beta1");
        Double beta2 = fraction(r, "beta2");
        Double epsilon = r.number(P + "epsilon");
        if (!sgd && epsilon != null && !(epsilon > 0)) {
            r.problem(P + "epsilon", "expected a number > 0, found " + epsilon);
        }
        if (r.problemCount() > before) {
            return null;
        }
        try {
            return new OptimizerSection(lr, new OptimizerSpec(type, momentum, nesterov, weightDecay, beta1, beta2, epsilon));
        } catch (IllegalArgumentException e) {
            r.problem(BLOCK, e.getMessage());
            return null;
        }
    }

    /** Adam's decay rates lie in [0, 1). */
    private static Double fraction(SettingsReader r, String key) {
        Double v = r.number(P + key);
        if (v != null && !(v >= 0 && v < 1)) {
            r.problem(P + key, "expected a number in [0, 1), found " + v);
        }
        return v;
    }
}
