package io.deepbootstrap.plugins.teacher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.config.ConfigValueException;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.testkit.Contexts;
import io.deepbootstrap.testkit.Testkit;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TeacherDataSourceTest {

    private static ExampleGenerator teacher(String user) {
        return (ExampleGenerator) new TeacherDataSource().create(Testkit.config(ComponentKind.DATA_SOURCE, "teacher", user),
                Contexts.data(Path.of("target")));
    }

    private static int[] labels(ExampleGenerator g, long streamSeed, int n, float[] features) {
        SplittableRandom random = new SplittableRandom(streamSeed);
        int[] labels = new int[n];
        int d = g.inputShape().size();
        for (int i = 0; i < n; i++) {
            labels[i] = g.sample(random, features, i * d);
        }
        return labels;
    }

    @Test
    void defaultsDescribeTheDistribution() {
        ExampleGenerator g = teacher("");
        assertThat(g.inputShape()).isEqualTo(InputShape.vector(32));
        assertThat(g.numClasses()).isEqualTo(10);
    }

    @Test
    void sameSeedsGiveTheSameExamplesAndEveryClassOccurs() {
        ExampleGenerator a = teacher("dimension = 8, classes = 4");
        ExampleGenerator b = teacher("dimension = 8, classes = 4");
        float[] fa = new float[2000 * 8];
        float[] fb = new float[2000 * 8];
        int[] la = labels(a, 5, 2000, fa);
        int[] lb = labels(b, 5, 2000, fb);
        assertThat(fa).containsExactly(fb);
        assertThat(la).containsExactly(lb);
        int[] counts = new int[4];
        for (int label : la) {
            counts[label]++;
        }
        for (int c : counts) {
            assertThat(c).isGreaterThan(50);
        }
    }

    @Test
    void theLabelIsAFunctionOfTheInputFixedByTheTeacherSeed() {
        ExampleGenerator one = teacher("dimension = 8, classes = 4");
        ExampleGenerator other = teacher("dimension = 8, classes = 4, teacher-seed = 99");
        float[] f1 = new float[500 * 8];
        float[] f2 = new float[500 * 8];
        int[] l1 = labels(one, 3, 500, f1);
        int[] l2 = labels(other, 3, 500, f2);
        assertThat(f1).containsExactly(f2); // the inputs come from the framework's stream
        assertThat(l1).isNotEqualTo(l2);      // the labels from the teacher
        TeacherDataSource.Teacher t = (TeacherDataSource.Teacher) one;
        for (int i = 0; i < 500; i++) {
            assertThat(t.label(f1, i * 8)).isEqualTo(l1[i]);
        }
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertThatThrownBy(() -> teacher("classes = 1")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("classes").hasMessageContaining("expected an integer >= 2, found 1");
        assertThatThrownBy(() -> teacher("dimension = 0")).isInstanceOf(ConfigValueException.class)
                .hasMessageContaining("dimension");
    }
}
