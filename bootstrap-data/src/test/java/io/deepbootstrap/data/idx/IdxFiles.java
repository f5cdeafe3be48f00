package io.deepbootstrap.data.idx;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX bytes by hand for tests (independent of the reader). */
final class IdxFiles {
    private IdxFiles() {
    }

    static byte[] header(int typeCode, int... dims) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(new byte[] {0, 0, (byte) typeCode, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ubytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] data) {
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A ubyte labels file. */
    static Path labels(Path file, int... labels) {
        return write(file, concat(header(0x08, labels.length), ubytes(labels)));
    }

    /** A ubyte N x h x w images file whose pixel j of image i is (i * 7 + j) mod 256. */
    static Path images(Path file, int n, int h, int w) {
        byte[] px = new byte[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < h * w; j++) {
                px[i * h * w + j] = (byte) ((i * 7 + j) % 256);
            }
        }
        return write(file, concat(header(0x08, n, h, w), px));
    }
}
