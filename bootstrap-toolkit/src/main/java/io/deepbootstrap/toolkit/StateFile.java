package io.deepbootstrap.toolkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The file format of {@code Network.save}/{@code load} for the networks of this module: a magic number,
 * a kind string (which network wrote it), an optimizer step counter, then named arrays (parameters,
 * optimizer state, batch-norm statistics). Writes go to a temporary file in the same directory that is
 * then renamed over the destination, so a reader never sees a half-written file.
 */
public final class StateFile {
    private static final int MAGIC = 0x44424E31; // "DBN1"

    private StateFile() {
    }

    /**
     * Writes arrays atomically.
     *
     * @param file destination
     * @param kind identifies the network type; checked by {@link #read}
     * @param step the optimizer step counter to restore
     * @param arrays named arrays in a stable order
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, String kind, long step, Map<String, INDArray> arrays) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString() + ".", ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeUTF(kind);
                out.writeLong(step);
                out.writeInt(arrays.size());
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    out.writeUTF(e.getKey());
                    Nd4j.write(e.getValue(), out);
                }
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

    /**
     * Reads a file written by {@link #write} into existing arrays, checking that it holds exactly the
     * expected names with the expected shapes.
     *
     * @param file source
     * @param kind the kind the file must have been written with
     * @param into destination arrays by name (written with {@code assign})
     * @return the stored step counter
     * @throws IOException if the file cannot be read or does not match; the message names the file
     */
    public static long read(Path file, String kind, Map<String, INDArray> into) throws IOException {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not a network state file (bad magic number)");
            }
            String k = in.readUTF();
            if (!k.equals(kind)) {
                throw new IOException(file + ": written by a '" + k + "' network, cannot load into a '" + kind + "' network");
            }
            long step = in.readLong();
            int count = in.readInt();
            Map<String, INDArray> read = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                read.put(name, Nd4j.read(in));
            }
            if (!read.keySet().equals(into.keySet())) {
                throw new IOException(file + ": holds arrays " + read.keySet() + " but this network has " + into.keySet());
            }
            for (Map.Entry<String, INDArray> e : into.entrySet()) {
                INDArray src = read.get(e.getKey());
                if (src.length() != e.getValue().length()) {
                    throw new IOException(file + ": array '" + e.getKey() + "' has shape " + Arrays.toString(src.shape())
                            + " but this network's has shape " + Arrays.toString(e.getValue().shape()));
                }
            }
            for (Map.Entry<String, INDArray> e : into.entrySet()) {
                INDArray dst = e.getValue();
                dst.assign(read.get(e.getKey()).reshape(dst.ordering(), dst.shape()).castTo(dst.dataType()));
            }
            return step;
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot read network state: " + e.getMessage(), e);
        }
    }
}
