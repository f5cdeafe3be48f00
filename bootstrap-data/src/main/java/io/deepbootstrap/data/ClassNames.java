package io.deepbootstrap.data;

import com.typesafe.config.Config;
import io.deepbootstrap.api.config.ConfigValues;
import java.util.List;

/** The {@code class-names} key of the pool sources: optional names of the classes, one per class. */
public final class ClassNames {
    private ClassNames() {
    }

    /**
     * @param config a component config with a {@code class-names} list
     * @param numClasses the number of classes
     * @return the names (empty for "0".."k-1")
     * @throws io.deepbootstrap.api.config.ConfigValueException if the list is non-empty and of the wrong length
     */
    public static List<String> of(Config config, int numClasses) {
        List<String> names = ConfigValues.stringList(config, "class-names");
        if (!names.isEmpty() && names.size() != numClasses) {
            throw ConfigValues.bad(config, "class-names", "expected " + numClasses + " names (one per class), got "
                    + names.size());
        }
        return names;
    }
}
