package io.deepbootstrap.data.array;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzFileTest {
    @TempDir
    Path dir;

    private static byte[] npy(NpyHeader header, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.encode());
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Written by java.util.zip (an independent zip writer): one STORED and one DEFLATED member. */
    private Path zipWithJdk(byte[] x, byte[] y) throws IOException {
        Path f = dir.resolve("jdk.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
            byte[] xm = npy(NpyHeader.of(DType.UINT8, false, 4, 2, 2, 3), x);
            ZipEntry ex = new ZipEntry("X.npy");
            ex.setMethod(ZipEntry.STORED);
            ex.setSize(xm.length);
            CRC32 crc = new CRC32();
            crc.update(xm);
            ex.setCrc(crc.getValue());
            ex.setExtra(new byte[] {(byte) 0xCA, (byte) 0xFE, 3, 0, 1, 2, 3}); // a local extra field the reader must skip
            zip.putNextEntry(ex);
            zip.write(xm);
            zip.closeEntry();
            ZipEntry ey = new ZipEntry("Y.npy");
            ey.setMethod(ZipEntry.DEFLATED);
            zip.putNextEntry(ey);
            zip.write(npy(NpyHeader.of(DType.INT16, false, 4), y));
            zip.closeEntry();
        }
        return f;
    }

    @Test
    void readsStoredAndDeflatedMembersOfAJdkWrittenZip() throws IOException {
        byte[] x = random(48, 1);
        byte[] y = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 3).putShort((short) 0)
                .putShort((short) 1).putShort((short) 2).array();
        Path f = zipWithJdk(x, y);
        try (NpzFile npz = NpzFile.open(f)) {
            assertThat(npz.arrayNames()).containsExactly("X", "Y");
            assertThat(npz.member("X").method()).isEqualTo(NpzFile.STORED);
            assertThat(npz.member("Y.npy").method()).isEqualTo(NpzFile.DEFLATED);
            NpyArray xa = npz.array("X", 1 << 20, null);
            byte[] back = new byte[48];
            xa.getBytes(0, back, 0, 48);
            assertThat(back).isEqualTo(x);
            NpyArray ya = npz.array("Y", 1 << 20, null);
            assertThat(new long[] {ya.getLong(0), ya.getLong(1), ya.getLong(2), ya.getLong(3)}).containsExactly(3, 0, 1, 2);
            // too big for the heap and no spill directory: an error that says what to do
            assertThatThrownBy(() -> npz.array("Y", 10, null)).isInstanceOf(MalformedFileException.class)
                    .hasMessageContaining(f + ", member Y.npy, byte offset ")
                    .hasMessageContaining("DEFLATED member of 136 bytes is larger than the 10 bytes allowed on the heap");
            // spilled to a file and memory-mapped, reused the second time
            NpyArray spilled = npz.array("Y", 10, dir.resolve("spill"));
            assertThat(spilled.getLong(0)).isEqualTo(3);
            assertThat(Files.list(dir.resolve("spill")).toList()).hasSize(1);
            assertThat(npz.array("Y", 10, dir.resolve("spill")).getLong(3)).isEqualTo(2);
            assertThat(Files.list(dir.resolve("spill")).toList()).hasSize(1);
            // sequential streaming of the deflated member
            try (InputStream in = npz.openStream("Y")) {
                byte[] all = in.readAllBytes();
                assertThat(Arrays.copyOfRange(all, all.length - 8, all.length)).isEqualTo(y);
            }
        }
    }

    @Test
    void zip64ArchivesRoundTripAndAreReadableByTheJdk() throws IOException {
        byte[] x = random(5 * 3 * 3 * 2, 2);
        byte[] y = new byte[] {0, 1, 1, 0, 1};
        Path f = dir.resolve("z64.npz");
        try (NpzWriter w = NpzWriter.create(f, true)) {
            w.writeArray("X", NpyHeader.of(DType.UINT8, false, 5, 3, 3, 2), x);
            w.writeArray("Y", NpyHeader.of(DType.UINT8, false, 5), y);
            w.finish();
        }
        byte[] raw = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0x04034b50);
        assertThat(b.getInt(18)).as("local compressed size deferred to zip64 extra").isEqualTo(-1);
        assertThat(b.getShort(30 + 5)).as("zip64 extra id").isEqualTo((short) 1);
        assertThat(b.getInt(raw.length - 22)).isEqualTo(0x06054b50);
        assertThat(b.getInt(raw.length - 22 + 16)).as("EOCD cd offset deferred to zip64").isEqualTo(-1);
        assertThat(b.getInt(raw.length - 22 - 20)).as("zip64 locator").isEqualTo(0x07064b50);
        try (NpzFile npz = NpzFile.open(f)) {
            byte[] back = new byte[x.length];
            npz.array("X", 0, null).getBytes(0, back, 0, back.length);
            assertThat(back).isEqualTo(x);
            assertThat(npz.member("X").size()).isEqualTo(128 + x.length);
        }
        try (ZipFile zip = new ZipFile(f.toFile())) {
            ZipEntry e = zip.getEntry("X.npy");
            assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
            try (InputStream in = zip.getInputStream(e)) {
                byte[] all = in.readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(all);
                assertThat(e.getCrc()).as("CRC patched into the headers").isEqualTo(crc.getValue());
                assertThat(Arrays.copyOfRange(all, 128, all.length)).isEqualTo(x);
            }
            try (InputStream in = zip.getInputStream(zip.getEntry("Y.npy"))) {
                assertThat(in.readAllBytes()).endsWith(y);
            }
        }
    }

    /**
     * A sparse archive whose X member holds 700,000 32x32x3 images (2.15 GB, more than 2^31 bytes) and whose Y
     * member's local header therefore starts beyond 2^31: exercises long offsets, zip64 central directory
     * offsets and reads across 1 GiB mapping chunks without using disk for the zeros.
     */
    @Test
    void membersBeyondTwoGigabytesAreMappedInPlace() throws IOException {
        int n = 700_000;
        int d = 32 * 32 * 3;
        Path f = dir.resolve("big.npz");
        byte[] first = random(d, 5);
        byte[] last = random(2 * d, 6);
        try (NpzWriter w = NpzWriter.create(f, false)) {
            try (ArrayOutput x = w.beginArray("X", NpyHeader.of(DType.UINT8, false, n, 32, 32, 3))) {
                x.write(first);
                x.skip((long) (n - 3) * d);
                x.write(last);
            }
            try (ArrayOutput y = w.beginArray("Y", NpyHeader.of(DType.INT64, false, n))) {
                y.writeLong(7);
                y.skip((long) (n - 2) * 8);
                y.writeLong(9);
            }
            w.finish();
        }
        assertThat(Files.size(f)).isGreaterThan(1L << 31);
        try (NpzFile npz = NpzFile.open(f)) {
            assertThat(npz.member("Y").localHeaderOffset()).isGreaterThan(1L << 31);
            assertThat(npz.member("X").size()).isEqualTo(128 + (long) n * d);
            NpyArray x = npz.array("X", 0, null);
            byte[] back = new byte[d];
            x.getBytes(0, back, 0, d);
            assertThat(back).isEqualTo(first);
            byte[] tail = new byte[2 * d];
            x.getBytes((long) (n - 2) * d, tail, 0, 2 * d);
            assertThat(tail).isEqualTo(last);
            assertThat(x.byteOffset((long) (n - 1) * d)).isGreaterThan(1L << 31);
            ExampleArray ex = new ExampleArray(x, ExampleArray.Layout.NHWC, Scale.AUTO);
            float[] img = new float[d];
            ex.read(n - 1, img, 0);
            assertThat(img[d - 1]).isEqualTo((last[2 * d - 1] & 0xFF) / 127.5f - 1f);
            LabelArray y = new LabelArray(npz.array("Y", 0, null));
            assertThat(y.label(0)).isEqualTo(7);
            assertThat(y.label(n - 1)).isEqualTo(9);
            assertThat(y.label(n / 2)).isZero();
            assertThat(y.error(n - 1, "x").offset()).isGreaterThan(1L << 31);
        }
        try (ZipFile zip = new ZipFile(f.toFile())) { // the JDK agrees on the zip64 central directory
            assertThat(zip.getEntry("Y.npy").getSize()).isEqualTo(128 + 8L * n);
        }
    }

    @Test
    void malformedArchivesNameFileMemberAndOffset() throws IOException {
        Path f = dir.resolve("a.npz");
        try (NpzWriter w = NpzWriter.create(f, false)) {
            w.writeArray("X", NpyHeader.of(DType.UINT8, false, 4), new byte[] {1, 2, 3, 4});
            w.finish();
        }
        try (NpzFile npz = NpzFile.open(f)) {
            assertThatThrownBy(() -> npz.array("labels", 0, null)).isInstanceOf(MalformedFileException.class)
                    .hasMessage(f + ", member labels.npy: no such member; the archive holds [X]");
        }
        Path notZip = dir.resolve("not.npz");
        Files.write(notZip, new byte[100]);
        assertThatThrownBy(() -> NpzFile.open(notZip)).hasMessage(notZip
                + ", byte offset 0: not a zip archive: no end of central directory record in the last 100 bytes");
        // cut the archive short: the end records are gone
        byte[] raw = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.npz");
        Files.write(cut, Arrays.copyOf(raw, 100));
        assertThatThrownBy(() -> NpzFile.open(cut)).hasMessageEndingWith("(the file starts like a zip: truncated?)");
        // a member whose data are damaged: bad NPY magic inside the member, offset of the member's data
        Path damaged = dir.resolve("damaged.npz");
        byte[] d = raw.clone();
        int dataStart = 30 + "X.npy".length();
        d[dataStart] = 'Q';
        Files.write(damaged, d);
        try (NpzFile npz = NpzFile.open(damaged)) {
            assertThatThrownBy(() -> npz.array("X", 0, null)).hasMessage(damaged + ", member X.npy, byte offset " + dataStart
                    + ": not an NPY array: expected magic \\x93NUMPY, found QNUMPY");
        }
        // a central directory entry pointing past the end of the member data
        Path shortData = dir.resolve("short.npz");
        try (FileChannel ch = FileChannel.open(shortData, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(raw));
            ByteBuffer size = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(100_000).flip();
            int cd = raw.length - 22 - (46 + 5);
            ch.write(size, cd + 20);
            size.flip();
            ch.write(size, cd + 24);
        }
        try (NpzFile npz = NpzFile.open(shortData)) {
            assertThatThrownBy(() -> npz.array("X", 0, null)).hasMessageStartingWith(shortData + ", member X.npy, byte offset " + dataStart
                    + ": truncated member: 100000 bytes expected from here, the file has ");
        }
    }

    @Test
    void anArchiveAppearsOnlyWhenFinished() throws IOException {
        Path f = dir.resolve("w.npz");
        try (NpzWriter w = NpzWriter.create(f, false)) {
            w.writeArray("X", NpyHeader.of(DType.UINT8, false, 4), new byte[] {1, 2, 3, 4});
            // no finish(): an exception between members, say
        }
        assertThat(f).doesNotExist();
        try (NpzWriter w = NpzWriter.create(f, false)) {
            ArrayOutput x = w.beginArray("X", NpyHeader.of(DType.UINT8, false, 4));
            x.write(new byte[] {1, 2});
            assertThatThrownBy(x::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("wrote 2 data bytes, the header announces 4");
            assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessage("a member of " + f + " was not written completely; the archive is discarded");
        }
        assertThat(f).doesNotExist();
        try (NpzWriter w = NpzWriter.create(f, false)) {
            w.writeArray("X", NpyHeader.of(DType.UINT8, false, 4), new byte[] {1, 2, 3, 4});
            w.finish();
        }
        try (NpzFile npz = NpzFile.open(f)) {
            assertThat(npz.array("X", 0, null).getLong(3)).isEqualTo(4);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("no temporary files").containsExactly(f);
        }
    }
}
