package io.deepbootstrap.data.array;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens data files for reading, turning every failure into a {@link DataFileException} that names the file. */
public final class DataFiles {
    private DataFiles() {
    }

    /**
     * @param file a data file
     * @return a read-only channel; the caller closes it
     * @throws DataFileException if the path is a directory, does not exist, is not readable or cannot be opened
     */
    public static FileChannel openForReading(Path file) {
        if (Files.isDirectory(file)) {
            throw DataFileException.directory(file);
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw DataFileException.io(file, null, "cannot read", e);
        }
    }

    /**
     * Memory-maps a whole file read-only (the mapping stays valid after this returns).
     *
     * @param file a data file
     * @return its bytes
     * @throws DataFileException if the file cannot be opened or mapped
     */
    public static MappedByteSource map(Path file) {
        try (FileChannel ch = openForReading(file)) {
            return new MappedByteSource(ch, 0, ch.size());
        } catch (IOException e) {
            throw DataFileException.io(file, null, "cannot map", e);
        }
    }
}
