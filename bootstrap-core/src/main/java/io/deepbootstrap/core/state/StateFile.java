package io.deepbootstrap.core.state;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The framework's file format for named arrays (network parameters and buffers, optimizer state).
 *
 * <p>Layout, big-endian: magic {@code DBST}, format version (int, 1), kind (modified UTF-8, e.g.
 * {@code network}), a count of sections; per section its name and a count of arrays; per array its name, data
 * type ({@code FLOAT} or {@code DOUBLE}) and shape (rank, then each dimension as a long); then all array data in
 * the header's order, each in C order of its shape, little-endian; last, the CRC-32 of the data (long). Readers
 * check everything before touching the destination: a truncated, corrupted, foreign or mismatching file is an
 * {@link IOException} whose message starts with the file's path.
 *
 * <p>Writes go to a temporary file in the same directory that is then renamed over the destination, so a reader
 * never sees a half-written file.
 */
public final class StateFile {
    private static final int MAGIC = 0x44425354; // "DBST"
    private static final int VERSION = 1;

    private StateFile() {
    }

    /**
     * Writes sections of named arrays atomically.
     *
     * @param file destination
     * @param kind what the file holds; checked by {@link #read}
     * @param sections section name to (array name to array), in a stable order
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, String kind, Map<String, Map<String, INDArray>> sections) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString() + ".", ".tmp");
        tmp.toFile().deleteOnExit(); // an exit while writing (a second Ctrl-C) leaves no temporary file
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(kind);
                out.writeInt(sections.size());
                for (Map.Entry<String, Map<String, INDArray>> s : sections.entrySet()) {
                    out.writeUTF(s.getKey());
                    out.writeInt(s.getValue().size());
                    for (Map.Entry<String, INDArray> e : s.getValue().entrySet()) {
                        INDArray a = e.getValue();
                        out.writeUTF(e.getKey());
                        out.writeUTF(type(a.dataType(), e.getKey()).name());
                        out.writeInt(a.rank());
                        for (long d : a.shape()) {
                            out.writeLong(d);
                        }
                    }
                }
                CRC32 crc = new CRC32();
                for (Map<String, INDArray> s : sections.values()) {
                    for (INDArray a : s.values()) {
                        byte[] bytes = bytes(a);
                        crc.update(bytes);
                        out.write(bytes);
                    }
                }
                out.writeLong(crc.getValue());
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static DataType type(DataType t, String name) throws IOException {
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            throw new IOException("array '" + name + "' is " + t + "; state files hold FLOAT and DOUBLE arrays");
        }
        return t;
    }

    private static byte[] bytes(INDArray a) {
        INDArray c = a.dup('c').reshape(a.length());
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(c.length() * c.dataType().width())).order(ByteOrder.LITTLE_ENDIAN);
        if (c.dataType() == DataType.DOUBLE) {
            buf.asDoubleBuffer().put(c.toDoubleVector());
        } else {
            buf.asFloatBuffer().put(c.toFloatVector());
        }
        c.close();
        return buf.array();
    }

    /**
     * Reads a whole file.
     *
     * @param file source
     * @param kind the kind it must have been written with
     * @return section name to (array name to a new array), in file order
     * @throws IOException if the file is missing, unreadable, of another kind or corrupt; the message names the file
     */
    public static Map<String, Map<String, INDArray>> read(Path file, String kind) throws IOException {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
            long fileSize = Files.size(file);
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not a Deep Bootstrap state file (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": state file format version " + version + ", this build reads version " + VERSION);
            }
            String k = in.readUTF();
            if (!k.equals(kind)) {
                throw new IOException(file + ": holds a '" + k + "' state, expected a '" + kind + "' state");
            }
            record Header(String section, String name, DataType type, long[] shape) {
            }
            List<Header> headers = new ArrayList<>();
            int sections = in.readInt();
            for (int s = 0; s < sections; s++) {
                String section = in.readUTF();
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    String name = in.readUTF();
                    DataType type = DataType.valueOf(in.readUTF());
                    long[] shape = new long[in.readInt()];
                    for (int d = 0; d < shape.length; d++) {
                        shape[d] = in.readLong();
                    }
                    headers.add(new Header(section, name, type, shape));
                }
            }
            Map<String, Map<String, INDArray>> out = new LinkedHashMap<>();
            CRC32 crc = new CRC32();
            for (Header h : headers) {
                long length = 1;
                for (long d : h.shape()) {
                    length = Math.multiplyExact(length, d);
                }
                long size = Math.multiplyExact(length, h.type().width());
                if (size > fileSize) {
                    throw new IOException(file + ": array '" + h.name() + "' claims " + size + " bytes but the file has "
                            + fileSize + " (corrupt header)");
                }
                byte[] bytes = new byte[Math.toIntExact(size)];
                in.readFully(bytes);
                crc.update(bytes);
                ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                INDArray a;
                if (h.type() == DataType.DOUBLE) {
                    double[] v = new double[(int) length];
                    buf.asDoubleBuffer().get(v);
                    a = Nd4j.create(v, h.shape(), 'c');
                } else {
                    float[] v = new float[(int) length];
                    buf.asFloatBuffer().get(v);
                    a = Nd4j.create(v, h.shape(), 'c');
                }
                out.computeIfAbsent(h.section(), x -> new LinkedHashMap<>()).put(h.name(), a);
            }
            long stored = in.readLong();
            if (stored != crc.getValue()) {
                throw new IOException(file + ": checksum mismatch (the file is corrupt)");
            }
            if (in.read() != -1) {
                throw new IOException(file + ": unexpected data after the checksum");
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated state file", e);
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e
                    : new IOException(file + ": cannot read state file: " + e, e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": malformed state file: " + e, e);
        }
    }

    /**
     * Copies arrays read by {@link #read} into live arrays, checking that the names and shapes match exactly.
     *
     * @param file the file they came from (for messages)
     * @param what what the arrays are, e.g. {@code parameters}
     * @param read arrays read from the file
     * @param into destination arrays by name (written with {@code assign}, converted to their data type)
     * @throws IOException if the names or shapes differ; the message names the file and the first difference
     */
    public static void copyInto(Path file, String what, Map<String, INDArray> read, Map<String, INDArray> into)
            throws IOException {
        if (!read.keySet().equals(into.keySet())) {
            throw new IOException(file + ": holds " + what + " " + read.keySet() + " but this network has " + into.keySet());
        }
        for (Map.Entry<String, INDArray> e : into.entrySet()) {
            INDArray src = read.get(e.getKey());
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IOException(file + ": " + what + " '" + e.getKey() + "' has shape " + Arrays.toString(src.shape())
                        + " but this network's has shape " + Arrays.toString(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, INDArray> e : into.entrySet()) {
            INDArray dst = e.getValue();
            dst.assign(read.get(e.getKey()).castTo(dst.dataType()));
        }
    }
}
