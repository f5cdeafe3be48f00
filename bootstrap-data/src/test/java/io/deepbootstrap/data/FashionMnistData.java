package io.deepbootstrap.data;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks tests that read the real Fashion-MNIST files of Debian's {@code dataset-fashion-mnist} package: they
 * carry the tag {@code real-data} and are skipped, with a message saying how to install the data, where the
 * files are absent (CI installs the package and runs them).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("real-data")
@ExtendWith(FashionMnistData.Present.class)
public @interface FashionMnistData {
    /** Where the package installs the files. */
    Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The four files, all needed. */
    List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz");

    /** Enables the test only when every file is there. */
    final class Present implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            for (String f : FILES) {
                if (!Files.isReadable(DIR.resolve(f))) {
                    return ConditionEvaluationResult.disabled("real-data test skipped: " + DIR.resolve(f)
                            + " is missing; install it with `apt-get install dataset-fashion-mnist` to run it");
                }
            }
            return ConditionEvaluationResult.enabled("Fashion-MNIST is installed in " + DIR);
        }
    }
}
