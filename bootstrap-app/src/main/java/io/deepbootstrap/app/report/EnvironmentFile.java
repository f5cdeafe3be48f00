package io.deepbootstrap.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepbootstrap.core.plugin.ApiVersion;
import io.deepbootstrap.core.result.AtomicFiles;
import io.deepbootstrap.toolkit.internal.Nd4jBackends;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * Where and with what an experiment ran ({@value #FILE_NAME}), so that a report rebuilt later on
 * another machine still shows the original: host, operating system, cores, Java, the framework's, the
 * SPI's and ND4J's versions, the ND4J backend with its BLAS library, when the experiment started, when the file was last updated and the wall
 * time between the two, and how many runs had finished.
 */
public final class EnvironmentFile {

    /** The file name within the experiment directory. */
    public static final String FILE_NAME = "environment.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EnvironmentFile() {
    }

    /**
     * @param dir the experiment directory
     * @param experimentName the experiment's name
     * @param started when the experiment started
     * @param now the time of this update
     * @param finishedRuns how many runs have finished
     * @throws IOException if the file cannot be written (atomically)
     */
    public static void write(Path dir, String experimentName, Instant started, Instant now, int finishedRuns)
            throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("experiment", experimentName);
        node.put("started", started.toString());
        node.put("updated", now.toString());
        node.put("wall_time_s", Duration.between(started, now).toMillis() / 1000.0);
        node.put("finished_runs", finishedRuns);
        node.put("host", hostName());
        node.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        node.put("cpus", Runtime.getRuntime().availableProcessors());
        node.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        node.put("framework", mavenVersion("io.deepbootstrap", "bootstrap-app"));
        node.put("api", ApiVersion.current());
        node.put("nd4j", mavenVersion("org.nd4j", "nd4j-api"));
        node.put("backend", Nd4jBackends.describe()); // names the BLAS library: another BLAS rounds differently
        AtomicFiles.writeString(dir.resolve(FILE_NAME), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node)
                + "\n");
    }

    /**
     * @param group a Maven group id
     * @param artifact an artifact id whose jar is on the class path
     * @return its version from the jar's {@code pom.properties}, or {@code development build} when it
     *     runs from classes (no jar)
     */
    static String mavenVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = EnvironmentFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "development build";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String hostName() {
        try {
            Path linux = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(linux)) {
                return Files.readString(linux, StandardCharsets.UTF_8).trim();
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
