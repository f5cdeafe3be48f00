package io.deepbootstrap.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.deepbootstrap.core.config.ComponentConfigs.Resolved;
import java.util.List;

/** Writes resolved components back out as configuration blocks, for the effective configuration saved with results. */
final class ComponentBlocks {
    private ComponentBlocks() {
    }

    /** @param r a resolved component @return its block: {@code type} and every parameter with the value used */
    static Config block(Resolved<?> r) {
        return r.config().withValue("type", ConfigValueFactory.fromAnyRef(r.type()));
    }

    /** @param list resolved components @return a list of their blocks */
    static ConfigValue blocks(List<? extends Resolved<?>> list) {
        return ConfigValueFactory.fromIterable(list.stream().map(r -> block(r).root().unwrapped()).toList());
    }
}
