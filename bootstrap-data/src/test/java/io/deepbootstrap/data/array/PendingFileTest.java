package io.deepbootstrap.data.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingFileTest {

    @TempDir
    Path dir;

    @Test
    void theTargetChangesOnlyOnCommit() throws IOException {
        Path target = dir.resolve("sub").resolve("data.bin");
        try (PendingFile f = PendingFile.create(target)) {
            f.stream().write(new byte[] {1, 2, 3});
            assertThat(target).doesNotExist();
            assertThat(f.temp()).exists().hasParent(target.getParent());
            f.commit();
        }
        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
        Path temp;
        try (PendingFile f = PendingFile.create(target)) {
            temp = f.temp();
            f.stream().write(new byte[] {9, 9});
            // abandoned: an exception would leave the block here
        }
        assertThat(Files.readAllBytes(target)).as("the old content survives an abandoned write").containsExactly(1, 2, 3);
        assertThat(temp).doesNotExist();
        assertThat(listing()).containsExactly(target.getParent().resolve("data.bin"));
    }

    @Test
    void failuresNameTheFile() throws IOException {
        Path blocker = Files.write(dir.resolve("plain-file"), new byte[1]);
        assertThatThrownBy(() -> PendingFile.create(blocker.resolve("x.npz"))).isInstanceOf(DataFileException.class)
                .hasMessageStartingWith(blocker + ": cannot create the directory");
        Path target = dir.resolve("t");
        PendingFile f = PendingFile.create(target);
        Files.delete(f.temp()); // the rename can no longer succeed
        assertThatThrownBy(f::commit).isInstanceOf(DataFileException.class).hasMessageStartingWith(target + ": cannot write")
                .hasRootCauseInstanceOf(NoSuchFileException.class);
        assertThat(target).doesNotExist();
    }

    /** Content that proves its own completeness: length, payload, CRC-32 of the payload. */
    private static byte[] sealed(int writer, int round, int size) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) (writer * 31 + round));
        CRC32 crc = new CRC32();
        crc.update(payload);
        return ByteBuffer.allocate(8 + size + 8).putLong(size).put(payload).putLong(crc.getValue()).array();
    }

    private static boolean isComplete(byte[] b) {
        if (b.length < 16) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        long size = buf.getLong();
        if (size != b.length - 16) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(b, 8, (int) size);
        return buf.getLong(b.length - 8) == crc.getValue();
    }

    @Test
    void concurrentWritersOfOneTargetNeverExposeAPartialFile() throws Exception {
        Path target = dir.resolve("shared.cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int round = 0; round < 40; round++) {
                        try (PendingFile f = PendingFile.create(target)) {
                            byte[] content = sealed(writer, round, 20_000 + 1000 * writer + round);
                            for (int off = 0; off < content.length; off += 4096) {
                                f.stream().write(content, off, Math.min(4096, content.length - off));
                            }
                            f.commit();
                        }
                    }
                    return null;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                int seen = 0;
                while (writing.get()) {
                    if (Files.exists(target)) {
                        byte[] b = Files.readAllBytes(target);
                        assertThat(isComplete(b)).as("every version a reader sees is complete").isTrue();
                        seen++;
                    }
                }
                return seen;
            });
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertThat(isComplete(Files.readAllBytes(target))).isTrue();
        assertThat(listing()).as("no temporary file left").containsExactly(target);
    }

    @Test
    void aWriterKilledMidWriteLeavesTheOldFileAndItsTemporaryIsSweptLater() throws Exception {
        Path target = dir.resolve("part0.npz");
        Files.write(target, new byte[] {42});
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SlowWriter.class.getName(), target.toString(),
                "10000000").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("writing");
            p.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readAllBytes(target)).as("the target is untouched").containsExactly(42);
        List<Path> left = listing().stream().filter(f -> !f.equals(target)).toList();
        assertThat(left).as("the killed writer's temporary file").hasSize(1);
        assertThat(left.get(0).getFileName().toString()).startsWith(".part0.npz." + p.pid() + ".").endsWith(".tmp");

        try (PendingFile f = PendingFile.create(target)) {
            assertThat(left.get(0)).as("swept: its process is gone").doesNotExist();
            f.stream().write(new byte[] {7});
            f.commit();
        }
        assertThat(Files.readAllBytes(target)).containsExactly(7);
        assertThat(listing()).containsExactly(target);
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
