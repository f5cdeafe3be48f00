package io.deepbootstrap.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigOrigin;
import io.deepbootstrap.api.ComponentKind;
import io.deepbootstrap.api.config.ConfigLocation;
import io.deepbootstrap.api.data.DataSourceFactory;
import io.deepbootstrap.core.testing.Harness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentConfigsTest {
    @TempDir
    Path dir;

    @Test
    void aResolvedBlockCarriesTheUsersFileAndLineNotTheDefaults() throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, "experiment.name = x\ndata {\n  type = blobs\n  separation = 2\n}\n");
        var user = ConfigLoader.loadUser(file, Map.of()).user();
        var merged = ConfigLoader.merge(user, ConfigLoader.defaults(getClass().getClassLoader()));
        List<String> problems = new ArrayList<>();
        ComponentConfigs.Resolved<DataSourceFactory> r = new ComponentConfigs(Harness.REGISTRY, merged)
                .resolve(ComponentKind.DATA_SOURCE, merged.getValue("data"), "data", Set.of("train-sizes", "test-size"), problems);
        assertThat(problems).isEmpty();
        // a component reporting a problem with its block as a whole (config.origin()) points at what the user
        // wrote in it (the data block is merged over the section's defaults, so its first user value)
        assertThat(location(r.config().origin())).isEqualTo(file + ":3");
        // each default keeps its own origin: the module that declares it
        assertThat(location(r.config().getValue("dimension").origin())).isEqualTo("default of bootstrap-core");
        assertThat(r.config().getInt("dimension")).isEqualTo(4);
    }

    @Test
    void aBlockInAListKeepsItsOwnLine() throws Exception {
        Path file = dir.resolve("exp.conf");
        Files.writeString(file, "architectures = [\n  softmax\n  { type = softmax }\n]\n");
        var merged = ConfigLoader.merge(ConfigLoader.loadUser(file, Map.of()).user(),
                ConfigLoader.defaults(getClass().getClassLoader()));
        ComponentConfigs components = new ComponentConfigs(Harness.REGISTRY, merged);
        List<String> problems = new ArrayList<>();
        var list = merged.getList("architectures");
        assertThat(location(components.resolve(ComponentKind.ARCHITECTURE, list.get(0), "architectures[0]",
                Set.of(), problems).config().origin())).isEqualTo(file + ":2");
        assertThat(location(components.resolve(ComponentKind.ARCHITECTURE, list.get(1), "architectures[1]",
                Set.of(), problems).config().origin())).isEqualTo(file + ":3");
        assertThat(problems).isEmpty();
    }

    private static String location(ConfigOrigin origin) {
        return ConfigLocation.of(origin).toString();
    }
}
