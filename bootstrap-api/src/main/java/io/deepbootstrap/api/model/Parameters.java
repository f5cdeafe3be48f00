package io.deepbootstrap.api.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The trainable parameters of a {@link Network}: one flat, contiguous vector of values, one flat gradient
 * vector of the same length and layout, and the ordered named {@link View}s that tile both. The framework's
 * optimizer updates the whole value vector in a few native calls; the named views are what layers read and
 * write, what is saved, and what pretrained weights are transferred by.
 *
 * <p>Two ways to get one:
 * <ul>
 *   <li>{@link #builder(DataType)}: declare each parameter's name and shape, {@link Builder#build()} allocates
 *       both vectors (zeros) and hands out live views ({@link #value(String)}, {@link #gradient(String)}) that
 *       the network's code fills and reads;</li>
 *   <li>{@link #wrap}: adopt vectors a library already owns (e.g. a DL4J network's flattened parameters and
 *       gradients), describing where each named parameter lies.</li>
 * </ul>
 * The arrays are the network's own memory, never copies: writing into {@link #values()} changes the network.
 * Instances are immutable (the array contents change, the layout never does).
 *
 * <p>One job: the layout of the flat vectors (declared or adopted, then looked up by name). Its length is the
 * documentation a published SPI type owes its users, and the {@code View} and {@code Builder} it cannot do without.
 */
public final class Parameters {

    /**
     * Where one named parameter lies in the flat vectors.
     *
     * @param name unique name, e.g. {@code 0_dense.weight}
     * @param shape the parameter's shape (at least one dimension, every dimension at least 1)
     * @param offset index of its first element in the flat vectors
     * @param order element order of the view within its range: {@code 'c'} (row-major; the usual case) or
     *     {@code 'f'} (column-major, as DL4J stores dense weights)
     */
    public record View(String name, long[] shape, long offset, char order) {

        /** Validates and copies the shape. */
        public View {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("parameter name must not be empty");
            }
            if (shape == null || shape.length == 0) {
                throw new IllegalArgumentException("parameter '" + name + "' needs a shape with at least one dimension");
            }
            shape = shape.clone();
            for (long s : shape) {
                if (s < 1) {
                    throw new IllegalArgumentException("parameter '" + name + "' has shape " + Arrays.toString(shape)
                            + "; every dimension must be >= 1");
                }
            }
            if (offset < 0) {
                throw new IllegalArgumentException("parameter '" + name + "' has offset " + offset + " < 0");
            }
            if (order != 'c' && order != 'f') {
                throw new IllegalArgumentException("parameter '" + name + "' has order '" + order + "', expected 'c' or 'f'");
            }
        }

        /** @return a copy of the shape */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** @return the number of elements (product of the shape) */
        public long length() {
            long n = 1;
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof View v && v.name.equals(name) && Arrays.equals(v.shape, shape) && v.offset == offset
                    && v.order == order;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(shape), offset, order);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + "@" + offset + (order == 'f' ? "(f)" : "");
        }
    }

    private final INDArray values;
    private final INDArray gradients;
    private final List<View> views;
    private final Map<String, INDArray> valueViews;
    private final Map<String, INDArray> gradientViews;
    private final long length;

    private Parameters(INDArray values, INDArray gradients, List<View> views) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(gradients, "gradients");
        long expected = 0;
        Set<String> names = new HashSet<>();
        for (View v : views) {
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("parameter name '" + v.name() + "' appears twice");
            }
            if (v.offset() != expected) {
                throw new IllegalArgumentException("parameter '" + v.name() + "' starts at offset " + v.offset()
                        + " but the views must tile the vector in order: expected offset " + expected);
            }
            expected = Math.addExact(expected, v.length());
        }
        checkVector("values", values, expected);
        checkVector("gradients", gradients, expected);
        if (values.dataType() != gradients.dataType()) {
            throw new IllegalArgumentException("values are " + values.dataType() + " but gradients are " + gradients.dataType());
        }
        if (!values.dataType().isFPType()) {
            throw new IllegalArgumentException("parameters must be floating point, got " + values.dataType());
        }
        this.values = values;
        this.gradients = gradients;
        this.views = List.copyOf(views);
        this.length = expected;
        Map<String, INDArray> vv = new LinkedHashMap<>();
        Map<String, INDArray> gv = new LinkedHashMap<>();
        for (View v : this.views) {
            vv.put(v.name(), slice(values, v));
            gv.put(v.name(), slice(gradients, v));
        }
        this.valueViews = Collections.unmodifiableMap(vv);
        this.gradientViews = Collections.unmodifiableMap(gv);
    }

    private static void checkVector(String what, INDArray a, long length) {
        boolean vector = a.rank() == 1 || (a.rank() == 2 && a.size(0) == 1);
        if (!vector || a.length() != length) {
            throw new IllegalArgumentException(what + " must be a vector of " + length
                    + " elements (the parameters' total length), got shape " + Arrays.toString(a.shape()));
        }
        if (length > 0 && (a.elementWiseStride() != 1 || a.stride(a.rank() - 1) != 1)) {
            throw new IllegalArgumentException(what + " must be contiguous (element-wise stride 1), got strides "
                    + Arrays.toString(a.stride()));
        }
    }

    private static INDArray slice(INDArray flat, View v) {
        INDArray range = flat.rank() == 1
                ? flat.get(NDArrayIndex.interval(v.offset(), v.offset() + v.length()))
                : flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(v.offset(), v.offset() + v.length()));
        return range.reshape(v.order(), v.shape());
    }

    /**
     * Adopts existing flat vectors.
     *
     * @param values the parameter vector: rank 1, or a {@code [1, n]} row vector; contiguous
     * @param gradients the gradient vector, same length, data type and layout
     * @param views the named parameters, in order, tiling {@code [0, n)} without gaps or overlaps
     * @return the parameters
     * @throws IllegalArgumentException if the vectors or views do not fit together (the message says how)
     */
    public static Parameters wrap(INDArray values, INDArray gradients, List<View> views) {
        return new Parameters(values, gradients, views);
    }

    /**
     * @param dataType FLOAT for training, DOUBLE for gradient checks
     * @return a builder that allocates the flat vectors
     */
    public static Builder builder(DataType dataType) {
        return new Builder(dataType);
    }

    /** Declares parameters in order, then allocates both flat vectors at once. */
    public static final class Builder {
        private final DataType dataType;
        private final List<View> views = new ArrayList<>();
        private long next;

        private Builder(DataType dataType) {
            this.dataType = Objects.requireNonNull(dataType, "dataType");
        }

        /**
         * Declares a row-major parameter.
         *
         * @param name unique name
         * @param shape its shape
         * @return this builder
         */
        public Builder add(String name, long... shape) {
            return add(name, 'c', shape);
        }

        /**
         * Declares a parameter with an explicit element order.
         *
         * @param name unique name
         * @param order {@code 'c'} or {@code 'f'}
         * @param shape its shape
         * @return this builder
         */
        public Builder add(String name, char order, long... shape) {
            View v = new View(name, shape, next, order);
            views.add(v);
            next = Math.addExact(next, v.length());
            return this;
        }

        /**
         * @return zero-filled value and gradient vectors ({@code [1, n]}) with the declared views (empty vectors
         *     when nothing was declared)
         */
        public Parameters build() {
            return new Parameters(Nd4j.zeros(dataType, 1, next), Nd4j.zeros(dataType, 1, next), views);
        }
    }

    /** @return the flat parameter vector (live) */
    public INDArray values() {
        return values;
    }

    /** @return the flat gradient vector (live), same layout as {@link #values()} */
    public INDArray gradients() {
        return gradients;
    }

    /** @return the named parameters in order; they tile both flat vectors */
    public List<View> views() {
        return views;
    }

    /** @return the total number of parameters (the flat vectors' length) */
    public long length() {
        return length;
    }

    /** @return the floating-point type of both vectors */
    public DataType dataType() {
        return values.dataType();
    }

    /** @return live views of the values by name, in order, each shaped as its {@link View} */
    public Map<String, INDArray> valueViews() {
        return valueViews;
    }

    /** @return live views of the gradients by name, in the same order and shapes as {@link #valueViews()} */
    public Map<String, INDArray> gradientViews() {
        return gradientViews;
    }

    /**
     * @param name a parameter name
     * @return the live view of its values
     * @throws IllegalArgumentException if there is no such parameter (the message lists the names)
     */
    public INDArray value(String name) {
        return lookup(valueViews, name);
    }

    /**
     * @param name a parameter name
     * @return the live view of its gradient
     * @throws IllegalArgumentException if there is no such parameter (the message lists the names)
     */
    public INDArray gradient(String name) {
        return lookup(gradientViews, name);
    }

    private static INDArray lookup(Map<String, INDArray> map, String name) {
        INDArray a = map.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; parameters: " + map.keySet());
        }
        return a;
    }

    /** Releases both vectors' native memory (only for vectors this class allocated or the caller owns). */
    public void close() {
        values.close();
        gradients.close();
    }

    @Override
    public String toString() {
        return "Parameters(" + length + " " + dataType() + ", " + views + ")";
    }
}
