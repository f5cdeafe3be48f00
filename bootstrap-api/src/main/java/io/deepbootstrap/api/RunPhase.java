package io.deepbootstrap.api;

/** What a training run is for. */
public enum RunPhase {
    /** Training on the pretraining distribution, whose weights initialise the experiment's runs. */
    PRETRAINING,
    /** One of the experiment's runs (real or ideal world). */
    TRAINING;

    /** @return lower-case name as written in result files */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
