package io.deepbootstrap.data.array;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Byte buffers of one fixed length lent to concurrent readers, for copying an example's bytes out of a
 * {@link ByteSource} before converting them: thread-safe, without a {@link ThreadLocal} lookup per read and,
 * in the steady state, without allocation.
 *
 * <p>A reader {@link #borrow()}s a buffer, uses it and {@link #giveBack(byte[]) gives it back}. The buffers sit
 * in a few slots chosen by the calling thread's id; {@code borrow} takes the slot's buffer atomically, so a
 * buffer is only ever used by one thread at a time. When two threads want the same slot at once, the second
 * gets a new buffer (which then replaces the slot's), so correctness never depends on the slot mapping.
 *
 * <p>Why not a {@code ThreadLocal}: the readers include the run threads, whose thread-local maps ND4J crowds; there
 * the lookup missed its first slot on nearly every read (a quarter of the run threads' Java samples in an
 * end-to-end MLP experiment, in its evaluations).
 */
public final class ScratchBytes {
    /** Slots, a power of two; each on its own cache line (see {@link #STRIDE}). */
    private static final int SLOTS = 16;
    /** Slot spacing in references: 16 references span at least one 64-byte cache line. */
    private static final int STRIDE = 16;

    private final int length;
    private final AtomicReferenceArray<byte[]> slots = new AtomicReferenceArray<>(SLOTS * STRIDE);

    /** @param length the length of every buffer, &ge; 0 */
    public ScratchBytes(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative buffer length " + length);
        }
        this.length = length;
    }

    /** @return the length of the buffers */
    public int length() {
        return length;
    }

    /** @return a buffer of {@link #length()} bytes that no other thread uses until it is given back */
    public byte[] borrow() {
        byte[] b = slots.getAndSet(slot(), null);
        return b != null ? b : new byte[length];
    }

    /**
     * Returns a buffer obtained from {@link #borrow()}; the caller must not use it afterwards.
     *
     * @param buffer the buffer
     */
    public void giveBack(byte[] buffer) {
        slots.setRelease(slot(), buffer);
    }

    private static int slot() {
        return ((int) Thread.currentThread().getId() & (SLOTS - 1)) * STRIDE;
    }
}
