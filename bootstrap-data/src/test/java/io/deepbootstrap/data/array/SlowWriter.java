package io.deepbootstrap.data.array;

import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Test helper run in a separate JVM: writes {@code args[1]} bytes to {@code args[0]} through a
 * {@link PendingFile}, one kilobyte every few milliseconds, announcing "writing" on standard output once
 * the first bytes are out, so that a test can kill it mid-write.
 */
public final class SlowWriter {
    private SlowWriter() {
    }

    /** @param args target path, byte count */
    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[1]);
        try (PendingFile f = PendingFile.create(Path.of(args[0]))) {
            OutputStream out = f.stream();
            byte[] kb = new byte[1024];
            for (long i = 0; i < n; i += kb.length) {
                out.write(kb, 0, (int) Math.min(kb.length, n - i));
                if (i == 0) {
                    System.out.println("writing");
                    System.out.flush();
                }
                Thread.sleep(5);
            }
            f.commit();
        }
    }
}
