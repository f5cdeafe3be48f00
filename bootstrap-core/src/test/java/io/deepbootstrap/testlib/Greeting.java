package io.deepbootstrap.testlib;

/** A stand-in for a library the application has on its class path; a test plugin bundles another version. */
public final class Greeting {
    private Greeting() {
    }

    /** @return which copy of the class this is */
    public static String text() {
        return "app copy 1.0";
    }
}
