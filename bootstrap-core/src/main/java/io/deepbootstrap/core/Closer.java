package io.deepbootstrap.core;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the injector opened and the application must close when it ends (data sources, prepared
 * experiments), closed in the reverse order of registration. One per injector.
 */
public final class Closer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /**
     * @param resource something to close at the end
     * @param <T> its type
     * @return the resource
     */
    public synchronized <T extends AutoCloseable> T register(T resource) {
        open.push(resource);
        return resource;
    }

    /** Closes everything registered, last first; a failure is logged and the others are still closed. */
    @Override
    public synchronized void close() {
        while (!open.isEmpty()) {
            AutoCloseable resource = open.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("cannot close {}: {}", resource, e.toString());
            }
        }
    }
}
