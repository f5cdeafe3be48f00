package io.deepbootstrap.spark.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on this machine: a Master and a Worker, each its own JVM started from the
 * Spark jars the engine ships (no installation: SPARK_HOME is a temporary folder whose {@code jars/} links to
 * them), on free loopback ports. {@link #close} stops both (and the executors the Worker started).
 */
final class StandaloneCluster implements AutoCloseable {
    private static final List<String> JAVA_17_OPENS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED");

    private final Path home;
    private final Process master;
    private final Process worker;
    private final int masterPort;

    private StandaloneCluster(Path home, Process master, Process worker, int masterPort) {
        this.home = home;
        this.master = master;
        this.worker = worker;
        this.masterPort = masterPort;
    }

    /**
     * @param sparkLib the engine's lib folder (Spark's jars and the engine's)
     * @param dir a fresh folder for SPARK_HOME, logs and the Worker's work directory
     * @param workerCores cores the Worker offers
     * @return the running cluster, its Worker registered with its Master
     */
    static StandaloneCluster start(Path sparkLib, Path dir, int workerCores) throws IOException, InterruptedException {
        Path jars = Files.createDirectories(dir.resolve("jars"));
        try (Stream<Path> files = Files.list(sparkLib)) {
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList()) {
                if (!jar.getFileName().toString().startsWith("bootstrap-spark")) { // a cluster has Spark, not the application
                    Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
                }
            }
        }
        String classPath = jars + File.separator + "*";
        int port = freePort();
        Process master = launch(dir, "master", classPath, List.of("-Dspark.master.rest.enabled=false",
                "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        StandaloneCluster cluster = null;
        try {
            awaitPort(port, master, Duration.ofSeconds(90));
            Process worker = launch(dir, "worker", classPath, List.of("org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", Integer.toString(workerCores), "--memory", "8g",
                    "--webui-port", Integer.toString(freePort()), "--work-dir", dir.resolve("work").toString(),
                    "spark://127.0.0.1:" + port));
            cluster = new StandaloneCluster(dir, master, worker, port);
            cluster.awaitLog("worker.log", "Successfully registered with master", Duration.ofSeconds(90));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            } else {
                master.destroyForcibly();
            }
            throw e;
        }
    }

    /** @return the master URL */
    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** @return the Worker's work directory: {@code <app id>/<executor id>/stderr} per executor */
    Path workDir() {
        return home.resolve("work");
    }

    /** @return the executor JVMs the Worker is running now */
    List<ProcessHandle> executors() {
        return worker.descendants().filter(p -> p.info().arguments().map(Arrays::asList)
                .map(a -> a.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).orElse(false)).toList();
    }

    /** @param executor an executor JVM @return its executor id (its {@code --executor-id} argument) */
    static Optional<String> executorId(ProcessHandle executor) {
        List<String> args = executor.info().arguments().map(Arrays::asList).orElse(List.of());
        int i = args.indexOf("--executor-id");
        return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
    }

    /** @param name a log of the cluster ({@code master.log}, {@code worker.log}) @return its text so far */
    String log(String name) throws IOException {
        return Files.readString(home.resolve(name));
    }

    private void awaitLog(String name, String text, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!log(name).contains(text)) {
            if (System.nanoTime() > end || !worker.isAlive() || !master.isAlive()) {
                throw new IllegalStateException(name + " did not say '" + text + "' within " + timeout + ":\n" + log(name));
            }
            Thread.sleep(200);
        }
    }

    private static Process launch(Path dir, String name, String classPath, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath));
        command.addAll(JAVA_17_OPENS);
        command.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", dir.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13"); // what a distribution's spark-env sets; no build dirs here
        return pb.start();
    }

    private static void awaitPort(int port, Process process, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > end || !process.isAlive()) {
                    throw new IllegalStateException("the Spark master did not listen on port " + port + " within " + timeout);
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Process p : List.of(worker, master)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroy();
        }
        for (Process p : List.of(worker, master)) {
            try {
                if (!p.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
