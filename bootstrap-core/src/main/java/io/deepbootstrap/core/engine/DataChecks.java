package io.deepbootstrap.core.engine;

/** Checks on what data sources return. */
final class DataChecks {
    private DataChecks() {
    }

    /**
     * @param label a label a source returned
     * @param numClasses the source's class count
     * @param source the source's name
     * @param index the example's index
     * @return the label
     * @throws IllegalStateException if it is out of range
     */
    static int label(int label, int numClasses, String source, long index) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalStateException(source + ": example " + index + " has label " + label
                    + ", outside 0.." + (numClasses - 1));
        }
        return label;
    }
}
