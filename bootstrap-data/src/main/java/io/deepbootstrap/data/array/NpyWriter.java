package io.deepbootstrap.data.array;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes NPY files: a header as numpy writes it, then the raw data. The file appears under its name only
 * when complete (see {@link PendingFile}); an incomplete or failed array leaves the previous file, if any.
 */
public final class NpyWriter {
    private NpyWriter() {
    }

    /**
     * Starts an NPY file; write exactly {@code header.dataLength()} bytes of data, then close.
     *
     * @param path the file (replaced, atomically, when the data are complete)
     * @param header the array's type, order and shape
     * @return where to write the data
     * @throws IOException if the file cannot be written
     * @throws DataFileException naming the file if it cannot be created
     */
    public static ArrayOutput create(Path path, NpyHeader header) throws IOException {
        PendingFile file = PendingFile.create(path);
        return new ArrayOutput(file.channel(), 0, header, path.toString(), new ArrayOutput.Completion() {
            @Override
            public void complete(long crc, long bytes) {
                file.commit();
            }

            @Override
            public void abort() {
                file.close();
            }
        });
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
