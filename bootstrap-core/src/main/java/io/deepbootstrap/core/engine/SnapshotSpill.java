package io.deepbootstrap.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's spill file: where its {@link NetworkSnapshot}s (copies of the network's parameters and buffers) are kept
 * instead of in the process's memory. A network of 11M parameters (ResNet-18) takes 45 MB per snapshot, and the T_stop
 * search keeps up to {@link StopStepSearch#MAX_SNAPSHOTS} of them: in native memory they made up most of a run's peak
 * resident set. Written to a file they live in the page cache, which the kernel writes back and reclaims as needed.
 *
 * <p>Layout: fixed-size slots, one per snapshot, each holding the raw native bytes of its arrays one after the other
 * (a run's snapshots all have the same arrays, so the first one sets the slot size). A dropped snapshot's slot is
 * reused by the next one, and the file is truncated to nothing whenever no snapshot is kept (at every evaluation
 * of S), so it never holds more than the most snapshots kept at once. Arrays are written directly from their native
 * memory and read directly into the network's arrays (no copy on the Java heap), bit for bit; an array whose elements
 * are not contiguous in memory (a strided view) goes through a contiguous copy. Every ND4J data type with a fixed
 * width is supported; others (strings, compressed) are refused with a message.
 *
 * <p>Where: in a directory the run was given ({@link #in(Path, String)}: the experiment's
 * {@code <output-dir>/<name>/.snapshots} ({@link Trainer#SNAPSHOT_DIRECTORY}), on the disk of the results, named after the run so that a stale file of a
 * process that crashed is deleted when the run starts again), or else ({@code null}: unit tests, a sweep engine's
 * worker, which writes nothing next to the results) a temporary file in {@code java.io.tmpdir}. The file is created
 * on the first snapshot and deleted by {@link #close()}; the directory is removed when it is left empty.
 *
 * <p>Not thread-safe: a run's training thread uses it.
 */
final class SnapshotSpill implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotSpill.class);
    /** Bytes moved per read or write call at most (a ByteBuffer holds less than 2 GiB). */
    private static final long CHUNK = 1L << 30;

    /** Where one array of a snapshot lies in its slot, and what it was. */
    record Entry(DataType type, long[] shape, char order, long offset, long bytes) {
    }

    /**
     * A snapshot's arrays in the file (its slot and the arrays' layout in it), or — once the file could not be written
     * — in memory ({@code copies}).
     */
    static final class Stored {
        private final int slot;
        private final List<Entry> entries;
        private final List<INDArray> copies;
        private boolean freed;

        private Stored(int slot, List<Entry> entries, List<INDArray> copies) {
            this.slot = slot;
            this.entries = entries;
            this.copies = copies;
        }

        /** @return how many arrays it holds */
        int arrays() {
            return entries.size();
        }

        /** @return whether its arrays are kept in memory (the file could not be written) */
        boolean inMemory() {
            return copies != null;
        }
    }

    private final Path directory;
    private final String name;
    private Path file;
    private FileChannel channel;
    private long slotBytes = -1;
    private final BitSet used = new BitSet();
    private long fileBytes;
    private long peakFileBytes;
    private int writes;
    private int reads;
    private long nanos;
    private boolean closed;
    /** Why the file could not be written, once it could not: every later snapshot is then kept in memory. */
    private String inMemoryBecause;
    private int inMemory;
    private final List<Stored> memoryStored = new ArrayList<>();

    private SnapshotSpill(Path directory, String name) {
        this.directory = directory;
        this.name = name;
        if (directory != null) { // a stale file of an earlier process that did not end cleanly
            try {
                Files.deleteIfExists(directory.resolve(name + ".bin"));
            } catch (IOException e) {
                LOG.warn("cannot delete the stale snapshot file {}: {}", directory.resolve(name + ".bin"), e.toString());
            }
        }
    }

    /**
     * @param directory where the file goes ({@code <directory>/<name>.bin}, the directory created when needed), or
     *     null for a temporary file in {@code java.io.tmpdir}
     * @param name the run's label (a file name)
     * @return a spill with no file yet (created on the first snapshot)
     */
    static SnapshotSpill in(Path directory, String name) {
        return new SnapshotSpill(directory, name);
    }

    /** @return a spill into a temporary file in {@code java.io.tmpdir} */
    static SnapshotSpill temporary() {
        return new SnapshotSpill(null, "snapshots");
    }

    /**
     * Copies arrays into a free slot of the file.
     *
     * @param arrays the arrays, e.g. a network's parameters then its buffers
     * @return where they are: in the file, or, when it cannot be written (the disk full, a file-size limit), as copies
     *     in memory, as before snapshots were spilled (a warning says so once; this spill keeps every later snapshot in
     *     memory too, and the run goes on with the same numbers)
     * @throws IllegalArgumentException if an array's data type has no fixed width
     * @throws IllegalStateException if the arrays take more bytes than this run's first snapshot
     */
    Stored write(List<INDArray> arrays) {
        long t0 = System.nanoTime();
        List<Entry> entries = new ArrayList<>(arrays.size());
        long offset = 0;
        for (INDArray a : arrays) {
            long bytes = Math.multiplyExact(a.length(), (long) width(a.dataType()));
            entries.add(new Entry(a.dataType(), a.shape().clone(), a.ordering(), offset, bytes));
            offset += bytes;
        }
        if (slotBytes < 0) {
            slotBytes = offset;
        } else if (offset > slotBytes) {
            throw new IllegalStateException("a snapshot of " + offset + " bytes does not fit the run's snapshot slots of "
                    + slotBytes + " bytes (the network's arrays changed size)");
        }
        if (inMemoryBecause != null) {
            return inMemory(arrays, entries, t0);
        }
        FileChannel ch;
        try {
            ch = channel();
        } catch (UncheckedIOException e) {
            return fallBackToMemory(e.getMessage(), arrays, entries, t0);
        }
        int slot = used.nextClearBit(0);
        long base = Math.multiplyExact((long) slot, slotBytes);
        try {
            for (int i = 0; i < arrays.size(); i++) {
                INDArray a = arrays.get(i);
                Entry e = entries.get(i);
                if (e.bytes() == 0) {
                    continue;
                }
                if (contiguous(a)) {
                    transfer(ch, a, base + e.offset(), e.bytes(), true);
                } else {
                    try (INDArray c = a.dup(a.ordering())) {
                        transfer(ch, c, base + e.offset(), e.bytes(), true);
                    }
                }
            }
        } catch (IOException e) {
            return fallBackToMemory("cannot write a network snapshot to " + file + ": " + e, arrays, entries, t0);
        }
        used.set(slot);
        fileBytes = Math.max(fileBytes, base + slotBytes);
        peakFileBytes = Math.max(peakFileBytes, fileBytes);
        writes++;
        nanos += System.nanoTime() - t0;
        return new Stored(slot, List.copyOf(entries), null);
    }

    private Stored fallBackToMemory(String why, List<INDArray> arrays, List<Entry> entries, long t0) {
        inMemoryBecause = why;
        LOG.warn("{}; this run keeps its network snapshots in memory instead (same numbers, more memory: {} MB each)",
                why, String.format(java.util.Locale.ROOT, "%.1f", entries.stream().mapToLong(Entry::bytes).sum() / 1e6));
        if (used.isEmpty() && channel != null) {
            try {
                channel.truncate(0);
                fileBytes = 0;
            } catch (IOException ignored) {
                // the file is deleted on close anyway
            }
        }
        return inMemory(arrays, entries, t0);
    }

    private Stored inMemory(List<INDArray> arrays, List<Entry> entries, long t0) {
        List<INDArray> copies = new ArrayList<>(arrays.size());
        for (INDArray a : arrays) {
            copies.add(a.dup(a.ordering()));
        }
        inMemory++;
        nanos += System.nanoTime() - t0;
        Stored stored = new Stored(-1, List.copyOf(entries), copies);
        memoryStored.add(stored);
        return stored;
    }

    /**
     * Copies a stored snapshot's arrays into live ones, e.g. a network's parameters and buffers: directly when the
     * destination has the stored array's data type and memory layout, else through a temporary array and
     * {@link INDArray#assign} (which converts).
     *
     * @param stored what {@link #write} returned
     * @param into as many arrays of the same lengths, in the same order
     */
    void read(Stored stored, List<INDArray> into) {
        long t0 = System.nanoTime();
        check(stored);
        if (into.size() != stored.entries.size()) {
            throw new IllegalArgumentException("a snapshot of " + stored.entries.size() + " arrays cannot be loaded into "
                    + into.size() + " arrays");
        }
        if (stored.copies != null) {
            for (int i = 0; i < into.size(); i++) {
                into.get(i).assign(stored.copies.get(i));
            }
            return;
        }
        long base = (long) stored.slot * slotBytes;
        try {
            for (int i = 0; i < into.size(); i++) {
                Entry e = stored.entries.get(i);
                INDArray target = into.get(i);
                if (target.length() != lengthOf(e.shape())) {
                    throw new IllegalArgumentException("array " + i + " of a snapshot has " + lengthOf(e.shape())
                            + " elements; its destination has " + target.length());
                }
                if (e.bytes() == 0) {
                    continue;
                }
                if (target.dataType() == e.type() && contiguous(target) && sameLayout(target, e)) {
                    transfer(channel, target, base + e.offset(), e.bytes(), false);
                } else {
                    try (INDArray tmp = load(e, base)) {
                        target.assign(tmp);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a network snapshot from " + file + ": " + e.getMessage(), e);
        }
        reads++;
        nanos += System.nanoTime() - t0;
    }

    /**
     * @param stored what {@link #write} returned
     * @return new arrays equal to the stored ones (shape, order, data type, bits), e.g. to write into a checkpoint;
     *     the caller closes them
     */
    List<INDArray> copies(Stored stored) {
        long t0 = System.nanoTime();
        check(stored);
        if (stored.copies != null) {
            List<INDArray> out = new ArrayList<>();
            stored.copies.forEach(c -> out.add(c.dup(c.ordering())));
            return out;
        }
        long base = (long) stored.slot * slotBytes;
        List<INDArray> out = new ArrayList<>();
        try {
            for (Entry e : stored.entries) {
                out.add(load(e, base));
            }
        } catch (IOException e) {
            out.forEach(INDArray::close);
            throw new UncheckedIOException("cannot read a network snapshot from " + file + ": " + e.getMessage(), e);
        }
        reads++;
        nanos += System.nanoTime() - t0;
        return out;
    }

    /**
     * Frees a snapshot's slot for the next one; when no snapshot is left, truncates the file to nothing.
     *
     * @param stored what {@link #write} returned (freeing it twice does nothing)
     */
    void free(Stored stored) {
        if (stored.freed || closed) {
            stored.freed = true;
            return;
        }
        stored.freed = true;
        if (stored.copies != null) {
            stored.copies.forEach(INDArray::close);
            memoryStored.remove(stored);
            return;
        }
        used.clear(stored.slot);
        if (used.isEmpty() && channel != null && fileBytes > 0) {
            try {
                channel.truncate(0);
                fileBytes = 0;
            } catch (IOException e) {
                LOG.warn("cannot truncate the snapshot file {}: {}", file, e.toString());
            }
        }
    }

    /** @return how many snapshots are kept */
    int kept() {
        return used.cardinality();
    }

    /** @return the file, or null before the first snapshot (and after {@link #close()}) */
    Path file() {
        return closed ? null : file;
    }

    /** @return the file's size now, in bytes */
    long fileBytes() {
        return fileBytes;
    }

    /** @return the largest size the file had, in bytes */
    long peakFileBytes() {
        return peakFileBytes;
    }

    /** @return snapshots written so far */
    int writes() {
        return writes;
    }

    /** @return snapshots read so far (loaded into a network, or copied out for a checkpoint) */
    int reads() {
        return reads;
    }

    /** @return the time spent writing and reading, in seconds */
    double seconds() {
        return nanos / 1e9;
    }

    /** @return a line on what the spill did, for the log */
    String describe() {
        return String.format(java.util.Locale.ROOT, "%d snapshots spilled (%.1f MB each, file at most %.1f MB), %d read back, %.3f s",
                writes, Math.max(slotBytes, 0) / 1e6, peakFileBytes / 1e6, reads, seconds())
                + (inMemory == 0 ? "" : "; " + inMemory + " kept in memory (" + inMemoryBecause + ")");
    }

    /** Closes and deletes the file; the snapshots still stored are lost. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        used.clear();
        memoryStored.forEach(m -> {
            m.freed = true;
            m.copies.forEach(INDArray::close);
        });
        memoryStored.clear();
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("cannot close the snapshot file {}: {}", file, e.toString());
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete the snapshot file {}: {}", file, e.toString());
        }
        if (directory != null) {
            try {
                Files.deleteIfExists(directory); // only if no other run spills there now
            } catch (DirectoryNotEmptyException e) {
                // another run's file
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", directory, e.toString());
            }
        }
    }

    private FileChannel channel() {
        if (closed) {
            throw new IllegalStateException("the snapshot file of " + name + " is closed");
        }
        if (channel != null) {
            return channel;
        }
        try {
            if (directory == null) {
                file = Files.createTempFile(name + "-", ".bin");
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } else {
                file = directory.resolve(name + ".bin");
                for (int attempt = 0; channel == null; attempt++) {
                    Files.createDirectories(directory);
                    try {
                        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.READ, StandardOpenOption.WRITE);
                    } catch (NoSuchFileException e) { // another run removed the directory as it closed
                        if (attempt >= 3) {
                            throw e;
                        }
                    }
                }
            }
            LOG.debug("{}: snapshots spill to {}", name, file);
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file for network snapshots"
                    + (directory == null ? " in java.io.tmpdir" : " in " + directory) + ": " + e.getMessage(), e);
        }
    }

    private void check(Stored stored) {
        if (stored.freed || closed) {
            throw new IllegalStateException("the snapshot was dropped" + (closed ? " (its file is closed)" : ""));
        }
    }

    /** A new array with the stored shape, order and data type, filled from the file. */
    private INDArray load(Entry e, long base) throws IOException {
        INDArray a = Nd4j.createUninitialized(e.type(), e.shape(), e.order());
        try {
            if (e.bytes() > 0) {
                if (!contiguous(a)) { // never for a fresh array
                    throw new IllegalStateException("a new " + e.type() + " array of shape " + java.util.Arrays.toString(e.shape())
                            + " is not contiguous");
                }
                transfer(channel, a, base + e.offset(), e.bytes(), false);
            }
            return a;
        } catch (IOException | RuntimeException ex) {
            a.close();
            throw ex;
        }
    }

    /**
     * Moves {@code bytes} bytes between the file at {@code position} and the native memory of a contiguous array
     * (from its first element: its buffer's address pointer already includes a view's offset).
     */
    private static void transfer(FileChannel ch, INDArray a, long position, long bytes, boolean toFile) throws IOException {
        BytePointer memory = a.data().addressPointer().getPointer(BytePointer.class);
        long start = memory.position();
        try {
            for (long done = 0; done < bytes; ) {
                long len = Math.min(CHUNK, bytes - done);
                BytePointer chunk = memory.getPointer(BytePointer.class, start + done); // address + start + done
                chunk.position(0).limit(len).capacity(len);
                ByteBuffer buffer = chunk.asByteBuffer();
                if (buffer.position() != 0 || buffer.remaining() != len) {
                    throw new IllegalStateException("unexpected native buffer window: position " + buffer.position()
                            + ", " + buffer.remaining() + " bytes instead of " + len);
                }
                while (buffer.hasRemaining()) {
                    int n = toFile ? ch.write(buffer, position + done + buffer.position())
                            : ch.read(buffer, position + done + buffer.position());
                    if (n < 0) {
                        throw new IOException("the snapshot file ends before byte " + (position + done + buffer.position()));
                    }
                }
                done += len;
            }
        } finally {
            Reference.reachabilityFence(a); // its native memory stays allocated while the buffers point into it
        }
    }

    /** @return whether an array's elements occupy one contiguous range of its buffer, in its order */
    private static boolean contiguous(INDArray a) {
        return a.length() <= 1 || a.elementWiseStride() == 1;
    }

    /** @return whether a contiguous array holds its elements in memory in the stored array's order */
    private static boolean sameLayout(INDArray a, Entry e) {
        if (a.ordering() == e.order() && java.util.Arrays.equals(a.shape(), e.shape())) {
            return true;
        }
        return isVector(a.shape()) && isVector(e.shape()); // a vector's memory order is its element order
    }

    private static boolean isVector(long[] shape) {
        int dims = 0;
        for (long s : shape) {
            if (s != 1) {
                dims++;
            }
        }
        return dims <= 1;
    }

    private static long lengthOf(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    private static int width(DataType type) {
        int w = switch (type) {
            case UTF8, COMPRESSED, UNKNOWN -> -1;
            default -> type.width();
        };
        if (w <= 0) {
            throw new IllegalArgumentException("network snapshots hold arrays of a fixed-width data type, not " + type);
        }
        return w;
    }
}
