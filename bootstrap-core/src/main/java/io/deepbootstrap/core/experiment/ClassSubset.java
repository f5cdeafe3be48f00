package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.InputShape;
import io.deepbootstrap.api.data.DataSource;
import io.deepbootstrap.api.data.ExampleGenerator;
import io.deepbootstrap.api.data.ExamplePool;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The {@code class-subset = [...]} key of a data-source block: keeps only the examples of the listed classes and
 * renumbers them in list order ({@code class-subset = [5, 7]}: class 5 becomes label 0, class 7 label 1), so that
 * e.g. a network is pretrained on classes 5–9 of a data set and the worlds train and test on classes 0–4. A pool
 * keeps the indices of the matching examples (it reads every example once, when opened; its designated test pool
 * is filtered alike); a generator draws until an example of a listed class comes (rejection sampling, so the kept
 * classes keep their relative frequencies and the draws stay a function of the random stream).
 */
final class ClassSubset {
    /** Consecutive draws of other classes after which a generator is taken never to produce a listed one. */
    static final int MAX_REJECTIONS = 100_000;

    private ClassSubset() {
    }

    /**
     * @param source the opened source (closed by the returned one)
     * @param classes the classes to keep, in their new order: distinct, each in {@code 0..numClasses-1}, at least 2
     * @return the filtered source
     * @throws IllegalArgumentException if the list is invalid for the source, or a listed class has no example in
     *     a pool (the message names the class)
     */
    static DataSource of(DataSource source, List<Integer> classes) {
        int[] map = labelMap(classes, source.numClasses());
        List<String> names = source.classNames();
        List<String> kept = classes.stream().map(names::get).toList();
        if (source instanceof ExamplePool pool) {
            return new Pool(pool, map, kept, classes);
        }
        return new Generator((ExampleGenerator) source, map, kept, classes);
    }

    /** @return for each original label its new label, or -1 if the class is left out */
    private static int[] labelMap(List<Integer> classes, int numClasses) {
        if (classes.size() < 2) {
            throw new IllegalArgumentException("expected at least 2 classes, found " + classes);
        }
        int[] map = new int[numClasses];
        Arrays.fill(map, -1);
        for (int i = 0; i < classes.size(); i++) {
            int c = classes.get(i);
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("class " + c + " is not one of the source's classes 0.."
                        + (numClasses - 1));
            }
            if (map[c] >= 0) {
                throw new IllegalArgumentException("class " + c + " is listed twice in " + classes);
            }
            map[c] = i;
        }
        return map;
    }

    private static final class Pool implements ExamplePool {
        private final ExamplePool inner;
        private final int[] map;
        private final List<String> names;
        private final int[] indices;
        private final Optional<ExamplePool> test;

        Pool(ExamplePool inner, int[] map, List<String> names, List<Integer> classes) {
            this.inner = inner;
            this.map = map;
            this.names = names;
            this.indices = matching(inner, map, classes, "");
            this.test = inner.testPool().map(t -> new Pool(t, map, names, matching(t, map, classes, " of the designated test set")));
        }

        private Pool(ExamplePool inner, int[] map, List<String> names, int[] indices) {
            this.inner = inner;
            this.map = map;
            this.names = names;
            this.indices = indices;
            this.test = Optional.empty();
        }

        private static int[] matching(ExamplePool pool, int[] map, List<Integer> classes, String which) {
            if (pool.size() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a pool of " + pool.size() + " examples is too large to filter");
            }
            float[] scratch = new float[pool.inputShape().size()];
            int[] found = new int[(int) pool.size()];
            int[] perClass = new int[map.length];
            int n = 0;
            for (int i = 0; i < pool.size(); i++) {
                int label = pool.read(i, scratch, 0);
                if (label >= 0 && label < map.length && map[label] >= 0) {
                    found[n++] = i;
                    perClass[label]++;
                }
            }
            for (int c : classes) {
                if (perClass[c] == 0) {
                    throw new IllegalArgumentException("class " + c + " has no example in the pool" + which);
                }
            }
            return Arrays.copyOf(found, n);
        }

        @Override
        public long size() {
            return indices.length;
        }

        @Override
        public int read(long index, float[] features, int offset) {
            return map[inner.read(indices[Math.toIntExact(index)], features, offset)];
        }

        @Override
        public Optional<ExamplePool> testPool() {
            return test;
        }

        @Override
        public InputShape inputShape() {
            return inner.inputShape();
        }

        @Override
        public int numClasses() {
            return names.size();
        }

        @Override
        public List<String> classNames() {
            return names;
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private record Generator(ExampleGenerator inner, int[] map, List<String> names, List<Integer> classes)
            implements ExampleGenerator {
        @Override
        public int sample(RandomGenerator random, float[] features, int offset) {
            for (int tries = 0; tries < MAX_REJECTIONS; tries++) {
                int label = inner.sample(random, features, offset);
                if (label >= 0 && label < map.length && map[label] >= 0) {
                    return map[label];
                }
            }
            throw new IllegalStateException("class-subset " + classes + ": the generator drew " + MAX_REJECTIONS
                    + " examples in a row of other classes");
        }

        @Override
        public InputShape inputShape() {
            return inner.inputShape();
        }

        @Override
        public int numClasses() {
            return names.size();
        }

        @Override
        public List<String> classNames() {
            return names;
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
