package io.deepbootstrap.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The command line in a JVM of its own, as a user starts it: what the reliability tests kill, signal, and limit.
 * It inherits this JVM's class path and options (heap, JavaCPP limits) and environment (one OpenMP thread);
 * standard output and error are collected line by line as they come.
 */
final class ForkedRun implements AutoCloseable {
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();

    private ForkedRun(Process process) {
        this.process = process;
        collect(process.getInputStream(), out);
        collect(process.getErrorStream(), err);
    }

    /**
     * @param workDir the working directory
     * @param shellPrefix shell commands run before the JVM in the same process (e.g. {@code ulimit -f 64}), or null
     * @param args the command line's arguments
     * @return the started process
     * @throws IOException if it cannot be started
     */
    static ForkedRun start(Path workDir, String shellPrefix, List<String> args) throws IOException {
        return start(workDir, shellPrefix, List.of("-Xmx768m"), java.util.Map.of(), args);
    }

    /**
     * @param workDir the working directory
     * @param shellPrefix shell commands run before the JVM in the same process, or null
     * @param jvmOptions JVM options after the inherited ones (later options win)
     * @param environment variables added to the inherited environment
     * @param args the command line's arguments
     * @return the started process
     * @throws IOException if it cannot be started
     */
    static ForkedRun start(Path workDir, String shellPrefix, List<String> jvmOptions, java.util.Map<String, String> environment,
                           List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Dorg.bytedeco") || a.startsWith("--add-")) {
                command.add(a);
            }
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(args);
        if (shellPrefix != null) {
            StringBuilder line = new StringBuilder(shellPrefix).append("; exec");
            command.forEach(c -> line.append(' ').append(StopReport.quote(c)));
            command = List.of("bash", "-c", line.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(environment);
        return new ForkedRun(builder.start());
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process was killed: what came so far stays
            }
        }, "forked-output");
        t.setDaemon(true);
        t.start();
    }

    /** @return the process id */
    long pid() {
        return process.pid();
    }

    /** @return whether the process still runs */
    boolean alive() {
        return process.isAlive();
    }

    /** @return standard error so far */
    String err() {
        synchronized (err) {
            return String.join("\n", err);
        }
    }

    /** @return standard output so far */
    String out() {
        synchronized (out) {
            return String.join("\n", out);
        }
    }

    /** @return whether a line of standard error so far matches */
    boolean errLine(Predicate<String> test) {
        synchronized (err) {
            return err.stream().anyMatch(test);
        }
    }

    /**
     * Polls (every millisecond) until the condition holds or the process has ended.
     *
     * @param condition what to wait for
     * @param timeout at most this long
     * @return whether the condition holds
     */
    boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (!process.isAlive()) {
                return condition.getAsBoolean();
            }
            Thread.sleep(1);
        }
        return false;
    }

    /** @param signal e.g. {@code KILL}, {@code TERM}, {@code INT} */
    void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /**
     * @param timeout at most this long
     * @return the exit code
     * @throws AssertionError if it has not ended by then (it is then killed)
     */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the forked run did not end within " + timeout + "; stderr:\n" + err());
        }
        Thread.sleep(50); // the last lines of output
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
