package io.deepbootstrap.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import org.junit.jupiter.api.Test;

class EffectiveConfigTest {
    private static final Config SAVED = ConfigFactory.parseString("""
            experiment { name = x, seed = 0, output-dir = results, listeners = [], checkpoint-interval = 5m }
            training { steps = 100, prefetch = 2, optimizer { type = sgd, learning-rate = 0.05 } }
            architectures = [ { type = mlp, widths = [512, 512] } ]
            execution { engine = local }
            """).resolve();

    @Test
    void keysThatChangeResultsAreListedWithBothValues() {
        Config current = ConfigFactory.parseString("""
                training.optimizer.learning-rate = 0.1
                architectures = [ { type = mlp, widths = [256] } ]
                evaluation.points = 10
                """).withFallback(SAVED).resolve();
        assertThat(EffectiveConfig.differences(SAVED, current)).containsExactly(
                "architectures: [{\"type\":\"mlp\",\"widths\":[512,512]}] -> [{\"type\":\"mlp\",\"widths\":[256]}]",
                "evaluation.points: (not set) -> 10",
                "training.optimizer.learning-rate: 0.05 -> 0.1");
        assertThat(EffectiveConfig.hash(current)).isNotEqualTo(EffectiveConfig.hash(SAVED));
    }

    @Test
    void whereAndHowRunsAreCarriedOutDoesNotCount() {
        Config current = ConfigFactory.parseString("""
                experiment { output-dir = elsewhere, listeners = [ { type = mlflow } ], checkpoint-interval = 1m, checkpoints = false }
                experiment.cache-dir = /tmp/cache
                training.prefetch = 0
                execution { engine = spark, master = "local[2]" }
                """).withFallback(SAVED).resolve();
        assertThat(EffectiveConfig.differences(SAVED, current)).isEmpty();
        assertThat(EffectiveConfig.hash(current)).isEqualTo(EffectiveConfig.hash(SAVED));
    }

    @Test
    void aConfigurationReadBackFromItsRenderingIsTheSame() {
        Config reread = ConfigFactory.parseString(SAVED.root().render(ConfigRenderOptions.defaults().setOriginComments(false)
                .setJson(false))).resolve();
        assertThat(EffectiveConfig.differences(SAVED, reread)).isEmpty();
        assertThat(EffectiveConfig.hash(reread)).isEqualTo(EffectiveConfig.hash(SAVED));
    }
}
