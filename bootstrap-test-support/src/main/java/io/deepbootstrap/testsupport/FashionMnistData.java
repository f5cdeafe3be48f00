package io.deepbootstrap.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks tests that read the real Fashion-MNIST files of Debian's {@code dataset-fashion-mnist} package. They carry
 * the tag {@value #TAG} and are skipped, with a message saying how to install the data, where the files are absent
 * — except under CI ({@code CI=true} in the environment, as CI runs {@code .ci/run}), where missing files fail the
 * test: CI installs the package, so a skip there would hide a broken install step.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(FashionMnistData.TAG)
@ExtendWith(FashionMnistData.Present.class)
public @interface FashionMnistData {
    /** The JUnit tag of real-data tests ({@code -Dgroups=real-data} runs only them). */
    String TAG = "real-data";

    /** Where the package installs the files. */
    Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The four files, all needed. */
    List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");

    /** Enables the test only when every file is there; under CI a missing file is an error instead. */
    final class Present implements ExecutionCondition {
        private final Map<String, String> environment;

        /** The condition JUnit creates, reading the process environment. */
        public Present() {
            this(System.getenv());
        }

        Present(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return evaluate(DIR);
        }

        /**
         * The same decision inside a running test (e.g. one dynamic test of many that needs the data): returns when
         * the files are there, aborts the test (skipped, with the install hint) when they are not, and fails under CI.
         */
        public static void assumeInstalled() {
            ConditionEvaluationResult result = new Present().evaluate(DIR);
            Assumptions.assumeFalse(result.isDisabled(), () -> result.getReason().orElse("real-data test skipped"));
        }

        ConditionEvaluationResult evaluate(Path dir) {
            for (String f : FILES) {
                Path file = dir.resolve(f);
                if (!Files.isReadable(file)) {
                    if ("true".equalsIgnoreCase(environment.get("CI"))) {
                        throw new IllegalStateException("real-data test cannot run under CI: " + file + " is missing; "
                                + ".ci/run installs it with `apt-get install dataset-fashion-mnist`: did that step fail?");
                    }
                    return ConditionEvaluationResult.disabled("real-data test skipped: " + file
                            + " is missing; install it with `apt-get install dataset-fashion-mnist` to run it");
                }
            }
            return ConditionEvaluationResult.enabled("Fashion-MNIST is installed in " + dir);
        }
    }
}
