package io.deepbootstrap.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.model.OptimizerSpec;
import java.util.Locale;

/**
 * The {@code training.optimizer} block (bootstrap-core's reference.conf, same key order).
 *
 * @param learningRate {@code learning-rate}: the base learning rate, which the schedule scales step by step
 * @param spec {@code type}, {@code momentum}, {@code nesterov}, {@code weight-decay}, {@code beta1},
 *     {@code beta2}, {@code epsilon}: the optimizer the networks apply
 */
public record OptimizerSection(double learningRate, OptimizerSpec spec) {
    private static final String P = "training.optimizer.";

    /** @param r the reader @return the block, or null if it has problems (recorded in r) */
    static OptimizerSection parse(SettingsReader r) {
        int before = r.problemCount();
        Double lr = r.number(P + "learning-rate");
        if (lr != null && !(lr > 0)) {
            r.problem(P + "learning-rate", "expected a number > 0, found " + lr);
        }
        OptimizerSpec spec = spec(r);
        return r.problemCount() > before ? null : new OptimizerSection(lr, spec);
    }

    private static OptimizerSpec spec(SettingsReader r) {
        Config merged = r.merged();
        try {
            String type = merged.getString(P + "type").toLowerCase(Locale.ROOT);
            OptimizerSpec.Type t = switch (type) {
                case "sgd" -> OptimizerSpec.Type.SGD;
                case "adam" -> OptimizerSpec.Type.ADAM;
                default -> null;
            };
            if (t == null) {
                r.problem(P + "type", "expected sgd or adam, found '" + type + "'");
                return null;
            }
            boolean sgd = t == OptimizerSpec.Type.SGD;
            return new OptimizerSpec(t, sgd ? merged.getDouble(P + "momentum") : 0, sgd && merged.getBoolean(P + "nesterov"),
                    merged.getDouble(P + "weight-decay"), merged.getDouble(P + "beta1"), merged.getDouble(P + "beta2"),
                    merged.getDouble(P + "epsilon"));
        } catch (ConfigException e) {
            r.add(e.getMessage());
        } catch (IllegalArgumentException e) {
            r.problem("training.optimizer", e.getMessage());
        }
        return null;
    }
}
