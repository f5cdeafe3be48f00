package io.deepbootstrap.data.image;

import io.deepbootstrap.data.array.DataFileException;
import io.deepbootstrap.data.array.DataFiles;
import io.deepbootstrap.data.array.MalformedFileException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one PNG or JPEG file strictly: {@code javax.imageio} quietly returns a partly grey image for many
 * truncated files, so a decoder warning (JPEG: "Truncated File - Missing EOI marker", "premature end of
 * data segment") is an error here, and a PNG must end with its IEND chunk. Every failure is a
 * {@link DataFileException} naming the file.
 */
final class ImageFiles {
    /** The IEND chunk every complete PNG ends with: length 0, "IEND", its CRC. */
    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    private ImageFiles() {
    }

    /**
     * @param file a PNG or JPEG file
     * @return the image
     * @throws DataFileException naming the file if it cannot be read, is not an image javax.imageio can
     *     decode, or is truncated or corrupt ({@link MalformedFileException})
     */
    static BufferedImage read(Path file) {
        byte[] bytes;
        try (InputStream in = Channels.newInputStream(DataFiles.openForReading(file))) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw DataFileException.io(file, null, "cannot read", e);
        }
        if (startsWith(bytes, PNG_MAGIC) && !Arrays.equals(bytes, Math.max(0, bytes.length - PNG_END.length), bytes.length, PNG_END, 0,
                PNG_END.length)) {
            throw new MalformedFileException(file.toString(), null, bytes.length, "truncated PNG: the file does not end with the IEND chunk");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MalformedFileException(file.toString(), null, 0, "not a PNG or JPEG image javax.imageio can decode");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new MalformedFileException(file.toString(), null, -1, "truncated or corrupt image: " + String.join("; ", warnings));
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new MalformedFileException(file.toString(), null, -1, "cannot decode image: " + e.getMessage());
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
