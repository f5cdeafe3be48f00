package io.deepbootstrap.core.checkpoint;

import io.deepbootstrap.core.result.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The file a {@link StateTree} is saved in (a run's checkpoint).
 *
 * <p>Layout, big-endian: magic {@code DBCK}, format version (int, 1), kind (modified UTF-8), then the root
 * section; a section is a count (int) of entries, each a name (modified UTF-8), a tag byte and the value:
 * section (0, nested), int (1), long (2), double (3, its IEEE bits as a long), boolean (4, a byte), string (5,
 * byte count then UTF-8), int array (6), long array (7), double array (8) (each a count then the elements),
 * float tensor (9) and double tensor (10) (rank, each dimension as a long, then the elements in C order).
 * Last comes the CRC-32 of everything before it (a long). Reading checks magic, version, kind, sizes and the
 * checksum before returning anything: a truncated, corrupt or foreign file is an {@link IOException} whose
 * message starts with the file's path.
 *
 * <p>Written atomically by {@link AtomicFiles} (temporary file, forced to disk, renamed), so a kill at any
 * moment leaves the previous checkpoint or the new one, never a mixture.
 *
 * <p>One job: this file format. Its writer and its reader (one case per tag each) stay in one class so that they
 * cannot drift apart; that is its length.
 */
public final class CheckpointFile {
    private static final int MAGIC = 0x4442434B; // "DBCK"
    private static final int VERSION = 1;
    private static final int CHUNK = 1 << 16;

    private static final byte SECTION = 0;
    private static final byte INT = 1;
    private static final byte LONG = 2;
    private static final byte DOUBLE = 3;
    private static final byte BOOLEAN = 4;
    private static final byte STRING = 5;
    private static final byte INTS = 6;
    private static final byte LONGS = 7;
    private static final byte DOUBLES = 8;
    private static final byte FLOAT_TENSOR = 9;
    private static final byte DOUBLE_TENSOR = 10;

    private CheckpointFile() {
    }

    /**
     * @param file destination, replaced atomically; its directory is created if missing
     * @param kind what the file holds, checked by {@link #read}
     * @param tree the values
     * @throws IOException if it cannot be written (the previous file, if any, is then unchanged)
     */
    public static void write(Path file, String kind, StateTree tree) throws IOException {
        AtomicFiles.write(file, os -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(os, crc));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(kind);
            writeSection(out, tree);
            out.flush();
            new DataOutputStream(os).writeLong(crc.getValue());
        });
    }

    private static void writeSection(DataOutputStream out, StateTree tree) throws IOException {
        out.writeInt(tree.values().size());
        for (Map.Entry<String, Object> e : tree.values().entrySet()) {
            out.writeUTF(e.getKey());
            writeValue(out, e.getValue());
        }
    }

    private static void writeValue(DataOutputStream out, Object v) throws IOException {
        if (v instanceof StateTree t) {
            out.writeByte(SECTION);
            writeSection(out, t);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToRawLongBits(d));
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        } else if (v instanceof int[] a) {
            out.writeByte(INTS);
            out.writeInt(a.length);
            bulk(out, a.length, 4, (buf, from, to) -> buf.asIntBuffer().put(a, from, to - from));
        } else if (v instanceof long[] a) {
            out.writeByte(LONGS);
            out.writeInt(a.length);
            bulk(out, a.length, 8, (buf, from, to) -> buf.asLongBuffer().put(a, from, to - from));
        } else if (v instanceof double[] a) {
            out.writeByte(DOUBLES);
            out.writeInt(a.length);
            bulk(out, a.length, 8, (buf, from, to) -> buf.asDoubleBuffer().put(a, from, to - from));
        } else if (v instanceof StateTree.Tensor t) {
            out.writeByte(t.floats() != null ? FLOAT_TENSOR : DOUBLE_TENSOR);
            out.writeInt(t.shape().length);
            for (long d : t.shape()) {
                out.writeLong(d);
            }
            if (t.floats() != null) {
                float[] a = t.floats();
                bulk(out, a.length, 4, (buf, from, to) -> buf.asFloatBuffer().put(a, from, to - from));
            } else {
                double[] a = t.doubles();
                bulk(out, a.length, 8, (buf, from, to) -> buf.asDoubleBuffer().put(a, from, to - from));
            }
        } else {
            throw new IllegalStateException("unexpected checkpoint value " + v.getClass());
        }
    }

    /** Puts elements [from, to) of an array into a big-endian buffer. */
    private interface Chunk {
        void put(ByteBuffer buffer, int from, int to);
    }

    private static void bulk(DataOutputStream out, int length, int width, Chunk chunk) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.BIG_ENDIAN);
        int per = CHUNK / width;
        for (int from = 0; from < length; from += per) {
            int to = Math.min(length, from + per);
            buf.clear();
            chunk.put(buf, from, to);
            out.write(buf.array(), 0, (to - from) * width);
        }
    }

    /**
     * @param file a file written by {@link #write}
     * @param kind the kind it must have
     * @return its values
     * @throws IOException if it is missing, unreadable, of another kind or version, truncated or corrupt; the
     *     message starts with the file's path
     */
    public static StateTree read(Path file, String kind) throws IOException {
        try (InputStream is = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
            CRC32 crc = new CRC32();
            Reader in = new Reader(new DataInputStream(new CheckedInputStream(is, crc)), Files.size(file), file);
            if (in.data.readInt() != MAGIC) {
                throw new IOException(file + ": not a Deep Bootstrap checkpoint (bad magic number)");
            }
            int version = in.data.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": checkpoint format version " + version + ", this build reads version " + VERSION);
            }
            String k = in.data.readUTF();
            if (!k.equals(kind)) {
                throw new IOException(file + ": holds a '" + k + "' checkpoint, expected '" + kind + "'");
            }
            StateTree root = new StateTree();
            in.section(root, 0);
            long computed = crc.getValue();
            long stored = new DataInputStream(is).readLong();
            if (stored != computed) {
                throw new IOException(file + ": checksum mismatch (the checkpoint is corrupt)");
            }
            if (is.read() != -1) {
                throw new IOException(file + ": unexpected data after the checksum");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated checkpoint", e);
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e
                    : new IOException(file + ": cannot read checkpoint: " + e, e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": malformed checkpoint: " + e, e);
        }
    }

    /** Decodes sections, refusing counts the file cannot hold (a corrupt header must not allocate gigabytes). */
    private static final class Reader {
        private static final int MAX_DEPTH = 64;
        private final DataInputStream data;
        private final long fileSize;
        private final Path file;

        Reader(DataInputStream data, long fileSize, Path file) {
            this.data = data;
            this.fileSize = fileSize;
            this.file = file;
        }

        void section(StateTree into, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new IOException(file + ": sections nested deeper than " + MAX_DEPTH + " (corrupt)");
            }
            int count = count(1);
            for (int i = 0; i < count; i++) {
                String name = data.readUTF();
                byte tag = data.readByte();
                if (tag == SECTION) {
                    section(into.section(name), depth + 1);
                } else {
                    into.putDecoded(name, value(tag, name));
                }
            }
        }

        private Object value(byte tag, String name) throws IOException {
            switch (tag) {
                case INT:
                    return data.readInt();
                case LONG:
                    return data.readLong();
                case DOUBLE:
                    return Double.longBitsToDouble(data.readLong());
                case BOOLEAN:
                    return data.readBoolean();
                case STRING:
                    return new String(bytes(count(1)), StandardCharsets.UTF_8);
                case INTS: {
                    int n = count(4);
                    int[] a = new int[n];
                    ByteBuffer.wrap(bytes(n * 4L)).asIntBuffer().get(a);
                    return a;
                }
                case LONGS: {
                    int n = count(8);
                    long[] a = new long[n];
                    ByteBuffer.wrap(bytes(n * 8L)).asLongBuffer().get(a);
                    return a;
                }
                case DOUBLES: {
                    int n = count(8);
                    double[] a = new double[n];
                    ByteBuffer.wrap(bytes(n * 8L)).asDoubleBuffer().get(a);
                    return a;
                }
                case FLOAT_TENSOR:
                case DOUBLE_TENSOR:
                    return tensor(tag == FLOAT_TENSOR, name);
                default:
                    throw new IOException(file + ": unknown value tag " + tag + " for '" + name + "' (corrupt)");
            }
        }

        private StateTree.Tensor tensor(boolean floats, String name) throws IOException {
            int rank = count(8);
            long[] shape = new long[rank];
            long length = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = data.readLong();
                if (shape[d] < 0) {
                    throw new IOException(file + ": array '" + name + "' has a negative dimension (corrupt)");
                }
                length = Math.multiplyExact(length, shape[d]);
            }
            int width = floats ? 4 : 8;
            if (length * width > fileSize) {
                throw new IOException(file + ": array '" + name + "' claims " + length * width + " bytes but the file has "
                        + fileSize + " (corrupt)");
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes(length * width));
            if (floats) {
                float[] a = new float[(int) length];
                buf.asFloatBuffer().get(a);
                return new StateTree.Tensor(shape, a, null);
            }
            double[] a = new double[(int) length];
            buf.asDoubleBuffer().get(a);
            return new StateTree.Tensor(shape, null, a);
        }

        private int count(int width) throws IOException {
            int n = data.readInt();
            if (n < 0 || (long) n * width > fileSize) {
                throw new IOException(file + ": count " + n + " does not fit in a file of " + fileSize + " bytes (corrupt)");
            }
            return n;
        }

        private byte[] bytes(long n) throws IOException {
            if (n > fileSize || n > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": a value of " + n + " bytes does not fit (corrupt)");
            }
            byte[] b = new byte[(int) n];
            data.readFully(b);
            return b;
        }
    }
}
