package io.deepbootstrap.api.run;

import java.nio.file.Path;

/** What the framework offers a run listener factory. */
public interface RunListenerContext {

    /** @return the experiment's name */
    String experimentName();

    /** @return the experiment's output directory ({@code <output-dir>/<name>}), which exists */
    Path outputDirectory();
}
