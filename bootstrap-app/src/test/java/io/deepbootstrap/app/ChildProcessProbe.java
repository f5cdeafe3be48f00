package io.deepbootstrap.app;

import java.util.concurrent.TimeUnit;

/**
 * Started by {@link LauncherChildProcessTest} with the launcher's JVM settings and environment: starts a child
 * process, waits for it and prints {@code child exit <code>}, or {@code child wait timed out} when the JDK's process
 * reaper thread never reported the exit.
 */
final class ChildProcessProbe {
    private ChildProcessProbe() {
    }

    /**
     * @param args unused
     * @throws Exception if the child cannot be started
     */
    public static void main(String[] args) throws Exception {
        Process child = new ProcessBuilder("true").start();
        if (child.waitFor(20, TimeUnit.SECONDS)) {
            System.out.println("child exit " + child.exitValue());
        } else {
            System.out.println("child wait timed out");
        }
        System.exit(0);
    }
}
