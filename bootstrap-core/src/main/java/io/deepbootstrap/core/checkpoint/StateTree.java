package io.deepbootstrap.core.checkpoint;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tree of named values: what a {@link Checkpointable} writes and reads back, and what a
 * {@link CheckpointFile} holds. Leaves are numbers, booleans, strings, arrays of ints, longs and doubles, and
 * float or double tensors (ND4J arrays, with their shape); inner nodes are sections. Every value is copied on
 * the way in and on the way out, so a tree is a detached snapshot. Names are unique within a section and keep
 * their insertion order (the file's order).
 *
 * <p>Getters throw {@link CheckpointException} naming the value's path (e.g. {@code trainer/curve/3/step})
 * when it is missing or of another type. Not thread-safe.
 */
public final class StateTree {

    /** A float or double tensor in C order: exactly one of {@code floats} and {@code doubles} is non-null. */
    record Tensor(long[] shape, float[] floats, double[] doubles) {
        long length() {
            return floats != null ? floats.length : doubles.length;
        }
    }

    private final String path;
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** An empty root. */
    public StateTree() {
        this("");
    }

    private StateTree(String path) {
        this.path = path;
    }

    /** @return the names in this section, in insertion order */
    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** @param name a name @return whether this section holds a value or section of that name */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * @param name a section name, new in this section
     * @return the new, empty section
     */
    public StateTree section(String name) {
        StateTree child = new StateTree(pathOf(name));
        put(name, child);
        return child;
    }

    /**
     * @param name the name of a section written with {@link #section}
     * @return that section
     */
    public StateTree getSection(String name) {
        return get(name, StateTree.class, "section");
    }

    /** @param name name @param value value */
    public void putInt(String name, int value) {
        put(name, value);
    }

    /** @param name name @param value value */
    public void putLong(String name, long value) {
        put(name, value);
    }

    /** @param name name @param value value (NaN and infinities kept bit for bit) */
    public void putDouble(String name, double value) {
        put(name, value);
    }

    /** @param name name @param value value */
    public void putBoolean(String name, boolean value) {
        put(name, value);
    }

    /** @param name name @param value value, not null */
    public void putString(String name, String value) {
        put(name, java.util.Objects.requireNonNull(value, name));
    }

    /** @param name name @param values copied */
    public void putInts(String name, int[] values) {
        put(name, values.clone());
    }

    /** @param name name @param values copied */
    public void putLongs(String name, long[] values) {
        put(name, values.clone());
    }

    /** @param name name @param values copied */
    public void putDoubles(String name, double[] values) {
        put(name, values.clone());
    }

    /**
     * @param name name
     * @param array a FLOAT or DOUBLE array (any order, any view); its values and shape are copied now
     * @throws IllegalArgumentException for other data types
     */
    public void putArray(String name, INDArray array) {
        long[] shape = array.shape().clone();
        if (array.dataType() != DataType.FLOAT && array.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(pathOf(name) + ": checkpoints hold FLOAT and DOUBLE arrays, not " + array.dataType());
        }
        try (INDArray c = array.dup('c')) { // its own buffer, exactly the array's elements in C order
            put(name, array.dataType() == DataType.FLOAT ? new Tensor(shape, c.data().asFloat(), null)
                    : new Tensor(shape, null, c.data().asDouble()));
        }
    }

    /** @param name name @return the value */
    public int getInt(String name) {
        return get(name, Integer.class, "int");
    }

    /** @param name name @return the value */
    public long getLong(String name) {
        return get(name, Long.class, "long");
    }

    /** @param name name @return the value */
    public double getDouble(String name) {
        return get(name, Double.class, "double");
    }

    /** @param name name @return the value */
    public boolean getBoolean(String name) {
        return get(name, Boolean.class, "boolean");
    }

    /** @param name name @return the value */
    public String getString(String name) {
        return get(name, String.class, "string");
    }

    /** @param name name @return a copy of the values */
    public int[] getInts(String name) {
        return get(name, int[].class, "int array").clone();
    }

    /** @param name name @return a copy of the values */
    public long[] getLongs(String name) {
        return get(name, long[].class, "long array").clone();
    }

    /** @param name name @return a copy of the values */
    public double[] getDoubles(String name) {
        return get(name, double[].class, "double array").clone();
    }

    /** @param name name @return a new ND4J array with the saved shape, data type and values */
    public INDArray getArray(String name) {
        Tensor t = tensor(name);
        return t.floats() != null ? Nd4j.create(t.floats().clone(), t.shape(), 'c') : Nd4j.create(t.doubles().clone(), t.shape(), 'c');
    }

    /**
     * Copies a saved array into a live one of the same shape (converted to its data type).
     *
     * @param name name
     * @param into destination, e.g. a view of a network's parameters
     * @throws CheckpointException if the shapes differ
     */
    public void copyArrayInto(String name, INDArray into) {
        Tensor t = tensor(name);
        if (!Arrays.equals(t.shape(), into.shape())) {
            throw new CheckpointException("checkpoint value " + pathOf(name) + " has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(into.shape()));
        }
        try (INDArray saved = getArray(name)) {
            into.assign(saved.dataType() == into.dataType() ? saved : saved.castTo(into.dataType()));
        }
    }

    private Tensor tensor(String name) {
        return get(name, Tensor.class, "array");
    }

    /** Raw access for {@link CheckpointFile}. */
    Map<String, Object> values() {
        return values;
    }

    /** For {@link CheckpointFile}: adds an already decoded value. */
    void putDecoded(String name, Object value) {
        put(name, value);
    }

    private void put(String name, Object value) {
        if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("checkpoint value names are non-empty and contain no '/': '" + name + "'");
        }
        if (values.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("checkpoint value " + pathOf(name) + " written twice");
        }
    }

    private <T> T get(String name, Class<T> type, String what) {
        Object v = values.get(name);
        if (v == null) {
            throw new CheckpointException("checkpoint value " + pathOf(name) + " is missing");
        }
        if (!type.isInstance(v)) {
            throw new CheckpointException("checkpoint value " + pathOf(name) + " is a " + describe(v) + ", expected a " + what);
        }
        return type.cast(v);
    }

    private static String describe(Object v) {
        if (v instanceof StateTree) {
            return "section";
        }
        if (v instanceof Tensor) {
            return "array";
        }
        return v.getClass().isArray() ? v.getClass().getComponentType().getSimpleName() + " array"
                : v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private String pathOf(String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    /** @return the path of this section from the root ({@code ""} for the root) */
    public String path() {
        return path;
    }

    /**
     * @param other another tree
     * @return whether both hold the same names, types and values (bit for bit for floating-point numbers)
     */
    public boolean sameAs(StateTree other) {
        if (!values.keySet().equals(other.values.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!same(e.getValue(), other.values.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof StateTree x) {
            return b instanceof StateTree y && x.sameAs(y);
        }
        if (a instanceof Tensor x) {
            return b instanceof Tensor y && Arrays.equals(x.shape(), y.shape()) && Arrays.equals(x.floats(), y.floats())
                    && Arrays.equals(x.doubles(), y.doubles());
        }
        if (a instanceof Double x) {
            return b instanceof Double y && Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(y);
        }
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }
}
