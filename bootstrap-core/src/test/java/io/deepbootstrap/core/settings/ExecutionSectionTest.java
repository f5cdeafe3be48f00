package io.deepbootstrap.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.core.config.ConfigError;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionSectionTest {
    @TempDir
    Path dir;

    @Test
    void defaultsTrainInThisProcess() throws Exception {
        ExecutionSection x = Harness.settings(dir, "").execution();
        assertThat(x).isEqualTo(new ExecutionSection(ExecutionSection.Engine.LOCAL, "local[*]", 1, 4, "WARN", Map.of()));
    }

    @Test
    void sparkWithItsPropertiesQuotedOrNested() throws Exception {
        ExecutionSection x = Harness.settings(dir, """
                execution { engine = spark, master = "spark://head:7077", task-cpus = 2, max-failures = 8, spark-log-level = info
                  spark-conf { "spark.executor.memory" = 4g, spark.cores.max = 16 } }
                """).execution();
        assertThat(x.engine()).isEqualTo(ExecutionSection.Engine.SPARK);
        assertThat(x.master()).isEqualTo("spark://head:7077");
        assertThat(x.taskCpus()).isEqualTo(2);
        assertThat(x.maxFailures()).isEqualTo(8);
        assertThat(x.sparkLogLevel()).isEqualTo("INFO");
        assertThat(x.sparkConf()).containsExactlyInAnyOrderEntriesOf(Map.of("spark.executor.memory", "4g", "spark.cores.max", "16"));
    }

    @Test
    void badValuesAreReportedWithKeyAndLine() {
        assertThatThrownBy(() -> Harness.settings(dir, """
                execution { engine = ray, task-cpus = 0, spark-log-level = loud, spark-conf { executor.memory = 4g } }
                """)).isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:6: execution.engine: expected local or spark, found 'ray'")
                .hasMessageContaining("experiment.conf:6: execution.task-cpus: expected an integer >= 1, found 0")
                .hasMessageContaining("execution.spark-log-level: expected one of OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE, ALL, found 'loud'")
                .hasMessageContaining("experiment.conf:6: execution.spark-conf.executor.memory: expected a Spark property (spark.*)");
    }

    @Test
    void unknownKeysOfTheSectionAreErrors() {
        assertThatThrownBy(() -> Harness.settings(dir, "execution { executors = 4 }")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("experiment.conf:6: execution.executors: unknown key; expected one of: engine, master, max-failures, spark-conf, spark-log-level, task-cpus");
    }
}
