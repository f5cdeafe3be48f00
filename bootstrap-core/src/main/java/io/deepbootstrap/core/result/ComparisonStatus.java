package io.deepbootstrap.core.result;

import java.util.Locale;

/** The outcome of comparing a real-world run with its ideal-world partner. */
public enum ComparisonStatus {
    /** Both runs ended normally. */
    OK,
    /** Neither run failed, but at least one diverged; the comparison covers the steps both reached. */
    DIVERGED,
    /** At least one of the two runs failed; the comparison covers the steps both reached. */
    FAILED,
    /** The real run exists but its ideal partner has not been recorded (yet). */
    PENDING;

    /** @return lower-case name as written in result files */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
