package io.deepbootstrap.api;

/** The two training worlds of the Deep Bootstrap framework. */
public enum World {
    /** N examples drawn once and reused over epochs, reshuffled every epoch. */
    REAL,
    /** Fresh examples every step, never reused. */
    IDEAL;

    /** @return lower-case name as written in result files */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
