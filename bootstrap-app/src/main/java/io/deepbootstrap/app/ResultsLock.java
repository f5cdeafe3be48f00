package io.deepbootstrap.app;

import io.deepbootstrap.core.config.ConfigError;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * One writer per results folder: the lock file {@code .lock} in the folder, holding the writer's pid and host,
 * and an operating-system lock on it (released by the kernel when the process dies, even by kill -9). A second
 * process is refused with the holder's pid and host (exit 2). A lock file left by a dead process of this host is
 * taken over with a warning; one of another host whose lock is free is taken over too, with the holder named (on a
 * shared file system the operating-system lock is the arbiter). On a file system without locks the pid alone decides
 * (a live process of this host holds it), with a warning. Closing empties the file and releases the lock.
 */
final class ResultsLock implements AutoCloseable {
    /** The lock file's name in the results folder. */
    static final String FILE_NAME = ".lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ResultsLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The holder named in a lock file. */
    record Holder(long pid, String host) {
        /** @return the holder as the file holds it */
        String line() {
            return pid + " " + host + "\n";
        }

        /** @return e.g. "pid 1234 on host node-1" */
        String describe() {
            return "pid " + pid + " on host " + host;
        }

        /** @return the holder in a file's text, or null if it holds none */
        static Holder parse(String text) {
            String[] parts = text.trim().split("\\s+");
            if (parts.length < 2) {
                return null;
            }
            try {
                return new Holder(Long.parseLong(parts[0]), parts[1]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * Takes the lock of a results folder.
     *
     * @param dir the results folder (it exists)
     * @param warn where a take-over of a stale lock is reported
     * @return the lock; close it when the results are written
     * @throws ConfigError (exit 2) if another live process holds it, naming its pid and host and the lock file
     * @throws IOException if the lock file cannot be created or written
     */
    static ResultsLock acquire(Path dir, Consumer<String> warn) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Holder me = new Holder(ProcessHandle.current().pid(), hostName());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        boolean locking = true;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        } catch (IOException e) {
            // a file system without locks: the pid in the file is all there is
            warn.accept("the file system of " + dir + " does not lock files (" + e.getMessage() + "); relying on the pid in " + file);
            lock = null;
            locking = false;
        }
        Holder holder = Holder.parse(read(channel));
        if (!locking && holder != null && !holder.equals(me) && aliveHere(holder, me)) {
            channel.close();
            throw busy(dir, file, holder);
        }
        if (lock == null && locking) {
            channel.close();
            throw busy(dir, file, holder);
        }
        if (holder != null && !holder.equals(me)) {
            boolean alive = aliveHere(holder, me);
            warn.accept("taking over the stale lock " + file + " of " + holder.describe()
                    + (!holder.host().equals(me.host()) ? " (another host; its lock was released)"
                    : alive ? " (its lock was released; that pid is now another process)" : ", which is no longer running"));
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me.line().getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
        return new ResultsLock(file, channel, lock);
    }

    /** @return whether the holder is a running process of this host */
    private static boolean aliveHere(Holder holder, Holder me) {
        return holder.host().equals(me.host()) && ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    private static ConfigError busy(Path dir, Path file, Holder holder) {
        return new ConfigError(dir + ": another process is writing these results ("
                + (holder == null ? "its pid is not yet in " + file : holder.describe())
                + "); wait until it has ended, or give this experiment another name (-Dexperiment.name=...)");
    }

    private static String read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 4096);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }

    /** @return the lock file */
    Path file() {
        return file;
    }

    /**
     * Empties the lock file (a file without a holder is free), then releases the lock. The file itself stays: removing
     * it would let a process that opened it just before lock a file no longer in the folder.
     */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            channel.force(true);
        } finally {
            try {
                if (lock != null) {
                    lock.release();
                }
            } finally {
                channel.close();
            }
        }
    }
}
