package io.deepbootstrap.data.idx;

import io.deepbootstrap.data.array.ByteSource;
import io.deepbootstrap.data.array.DType;
import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.DataFiles;
import io.deepbootstrap.data.array.DerivedFiles;
import io.deepbootstrap.data.array.HeapByteSource;
import io.deepbootstrap.data.array.MalformedFileException;
import io.deepbootstrap.data.array.MappedByteSource;
import io.deepbootstrap.data.array.NpyArray;
import io.deepbootstrap.data.array.NpyHeader;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, as {@link NpyArray}s of the array layer: an IDX
 * file is a header followed by raw big-endian elements in C order, which is an NPY array's data layout, so
 * the header is parsed here and everything else (memory-mapped {@link ByteSource}s, 64-bit offsets, dtype
 * conversion, examples and labels) is the array layer's.
 *
 * <p>Layout: a 4-byte magic number {@code 00 00 <type> <ndims>}, {@code ndims} big-endian int32 dimension
 * sizes, then the elements. Type codes: {@code 0x08} ubyte, {@code 0x09} byte, {@code 0x0B} short,
 * {@code 0x0C} int, {@code 0x0D} float, {@code 0x0E} double. The file must hold exactly the bytes its
 * dimensions need: truncated data and trailing bytes are errors.
 *
 * <p>Raw files are memory-mapped in place. Gzip-compressed files (detected from the magic bytes
 * {@code 1f 8b}, not the name) cannot be addressed randomly: one whose decompressed size (the gzip
 * trailer's ISIZE) is at most {@link #HEAP_LIMIT} is inflated onto the heap; a larger one is decompressed
 * once into {@code <cache directory>/idx/<name>-<hash>} (atomically, see {@link DerivedFiles}; reused
 * while the {@code .gz} keeps its path, size and modification time) and that file is memory-mapped.
 * The gzip CRC is checked while decompressing. Errors are {@link DataFileException}s naming the file (with
 * "(decompressed)" and offsets in the decompressed data for a {@code .gz}) and the byte offset.
 */
public final class IdxFile {
    /** The largest decompressed {@code .gz} content inflated onto the heap instead of into the cache: 1 MiB. */
    public static final int HEAP_LIMIT = 1 << 20;

    private static final int[] CODES = {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E};
    private static final String[] NAMES = {"ubyte", "byte", "short", "int", "float", "double"};
    private static final String[] DTYPES = {"|u1", "|i1", ">i2", ">i4", ">f4", ">f8"};

    private IdxFile() {
    }

    /**
     * Opens an IDX file, raw or gzip-compressed.
     *
     * @param file the file
     * @param cacheDirectory where large {@code .gz} files are decompressed to (under {@code idx/})
     * @return its elements, with the IDX dimensions as the shape
     * @throws DataFileException naming the file if it is missing, unreadable, or not well-formed IDX
     *     ({@link MalformedFileException})
     */
    public static NpyArray open(Path file, Path cacheDirectory) {
        try (FileChannel ch = DataFiles.openForReading(file)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(2);
            ch.read(head, 0);
            if (size < 18 || head.get(0) != 0x1f || head.get(1) != (byte) 0x8b) {
                return parse(new MappedByteSource(ch, 0, size), file.toString());
            }
            ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(trailer, size - 4);
            long isize = trailer.getInt(0) & 0xFFFFFFFFL;
            String where = file + " (decompressed)";
            if (isize <= HEAP_LIMIT) {
                try (InputStream in = gunzip(file)) {
                    return parse(new HeapByteSource(in.readAllBytes()), where);
                } catch (IOException e) {
                    throw gzipError(file, e);
                }
            }
            String name = file.getFileName().toString().replaceFirst("\\.gz$", "");
            Path cached;
            try {
                cached = DerivedFiles.get(cacheDirectory.resolve("idx"), file, "gunzip", name, n -> (n & 0xFFFFFFFFL) == isize,
                        out -> {
                            try (InputStream in = gunzip(file)) {
                                in.transferTo(out);
                            }
                        });
            } catch (IOException e) {
                throw gzipError(file, e);
            }
            return parse(DataFiles.map(cached), where);
        } catch (IOException e) {
            throw DataFileException.io(file, null, "cannot read", e);
        }
    }

    private static InputStream gunzip(Path file) throws IOException {
        return new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16);
    }

    private static DataFileException gzipError(Path file, IOException e) {
        if (e instanceof EOFException) {
            return new MalformedFileException(file.toString(), null, -1, "truncated .gz file: the gzip stream ends early" + reason(e));
        }
        if (e instanceof ZipException) {
            return new MalformedFileException(file.toString(), null, -1, "corrupt gzip data" + reason(e));
        }
        return DataFileException.io(file, null, "cannot read", e);
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    }

    /** Parses the IDX header of {@code content} and checks that the data fill the rest exactly. */
    static NpyArray parse(ByteSource content, String where) {
        long size = content.size();
        if (size < 4) {
            throw new MalformedFileException(where, null, 0, "truncated header: expected the 4-byte magic number 00 00 <type> <ndims>, found "
                    + size + " bytes");
        }
        byte[] magic = new byte[4];
        content.get(0, magic, 0, 4);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new MalformedFileException(where, null, 0, "bad magic number: expected 00 00 <type> <ndims>, found " + hex(magic));
        }
        int type = typeIndex(magic[2] & 0xFF);
        if (type < 0) {
            StringBuilder valid = new StringBuilder();
            for (int i = 0; i < CODES.length; i++) {
                valid.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "0x%02x (%s)", CODES[i], NAMES[i]));
            }
            throw new MalformedFileException(where, null, 2, String.format(Locale.ROOT, "unknown data type code 0x%02x in magic number %s;"
                    + " expected one of %s", magic[2] & 0xFF, hex(magic), valid));
        }
        int ndims = magic[3] & 0xFF;
        long dataOffset = 4 + 4L * ndims;
        if (size < dataOffset) {
            throw new MalformedFileException(where, null, 4, "truncated header: expected " + 4 * ndims + " bytes of dimension sizes for "
                    + ndims + " dimensions, found " + (size - 4));
        }
        long[] dims = new long[ndims];
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < ndims; i++) {
            dims[i] = Integer.reverseBytes(content.getInt(4 + 4L * i));
            if (dims[i] < 0) {
                throw new MalformedFileException(where, null, 4 + 4L * i, "dimension " + i + " has size " + dims[i]
                        + " (as a signed big-endian int32); expected a size >= 0");
            }
            shape.append(i == 0 ? "" : "x").append(dims[i]);
        }
        String dimensions = "dimensions " + (ndims == 0 ? "(scalar)" : shape) + " of " + NAMES[type];
        NpyHeader header = new NpyHeader(1, DType.parse(DTYPES[type]), false, dims, dataOffset);
        long expected;
        try {
            expected = header.dataLength();
        } catch (ArithmeticException e) {
            throw new MalformedFileException(where, null, 4, dimensions + " overflow 64 bits");
        }
        if (size - dataOffset < expected) {
            throw new MalformedFileException(where, null, size, "truncated data: " + dimensions + " need " + expected + " bytes, found "
                    + (size - dataOffset));
        }
        if (size - dataOffset > expected) {
            throw new MalformedFileException(where, null, dataOffset + expected, (size - dataOffset - expected) + " trailing bytes after the "
                    + expected + " data bytes of " + dimensions);
        }
        return new NpyArray(content, header, where, null, 0);
    }

    private static int typeIndex(int code) {
        for (int i = 0; i < CODES.length; i++) {
            if (CODES[i] == code) {
                return i;
            }
        }
        return -1;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b & 0xFF));
        }
        return sb.toString();
    }
}
