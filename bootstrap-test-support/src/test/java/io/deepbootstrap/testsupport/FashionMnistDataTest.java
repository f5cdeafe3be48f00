package io.deepbootstrap.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistDataTest {

    @Test
    void aMissingFileSkipsWithTheInstallHint(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("train-images-idx3-ubyte.gz"));
        ConditionEvaluationResult result = new FashionMnistData.Present(Map.of()).evaluate(dir);
        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValueSatisfying(reason -> assertThat(reason)
                .contains(dir.resolve("train-labels-idx1-ubyte.gz").toString())
                .contains("apt-get install dataset-fashion-mnist"));
    }

    @Test
    void underCiAMissingFileIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> new FashionMnistData.Present(Map.of("CI", "true")).evaluate(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot run under CI")
                .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz").toString());
    }

    @Test
    void allFourFilesEnableTheTest(@TempDir Path dir) throws Exception {
        for (String f : FashionMnistData.FILES) {
            Files.createFile(dir.resolve(f));
        }
        assertThat(new FashionMnistData.Present(Map.of("CI", "true")).evaluate(dir).isDisabled()).isFalse();
    }

    @Test
    void theAnnotationCarriesTheTag() {
        assertThat(FashionMnistData.class.getAnnotation(Tag.class).value()).isEqualTo("real-data");
    }
}
