package io.deepbootstrap.core.engine;

/**
 * A draw of examples from a generator given up because a stop was requested (a signal) while it ran: nothing of it
 * is kept, and the same draw made again later gives the same examples (it depends only on the random stream).
 */
public final class DrawStopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param drawn how many examples had been drawn
     * @param count how many were asked for
     */
    public DrawStopped(int drawn, int count) {
        super("stop requested while drawing examples (" + drawn + " of " + count + " drawn)");
    }
}
