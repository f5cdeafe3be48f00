package io.deepbootstrap.data.array;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes NPY files: a header as numpy writes it, then the raw data. */
public final class NpyWriter {
    private NpyWriter() {
    }

    /**
     * Starts an NPY file; write exactly {@code header.dataLength()} bytes of data, then close.
     *
     * @param path the file (replaced if present)
     * @param header the array's type, order and shape
     * @return where to write the data
     * @throws IOException if the file cannot be written
     */
    public static ArrayOutput create(Path path, NpyHeader header) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return new ArrayOutput(ch, 0, header, path.toString(), (crc, end) -> ch.close());
    }

    /**
     * Writes an NPY file whose data are given as raw bytes (in the header's byte order and element order).
     *
     * @param path the file
     * @param header type, order and shape
     * @param data exactly {@code header.dataLength()} bytes
     * @throws IOException if the file cannot be written
     */
    public static void write(Path path, NpyHeader header, byte[] data) throws IOException {
        try (ArrayOutput out = create(path, header)) {
            out.write(data);
        }
    }
}
