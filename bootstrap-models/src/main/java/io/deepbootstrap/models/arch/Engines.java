package io.deepbootstrap.models.arch;

/** Values of the built-in architectures' {@code engine} key. */
final class Engines {
    static final String NATIVE = "native";
    static final String DL4J = "dl4j";
    static final String[] ALL = {NATIVE, DL4J};

    private Engines() {
    }
}
