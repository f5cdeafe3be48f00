package io.deepbootstrap.toolkit.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base for layers built from other layers (residual blocks, transformer blocks): a subclass adds named
 * child layers in its {@link #build} with {@link #add}, may declare parameters of its own with
 * {@link #own}, and wires the children's {@code forward}/{@code backward} calls together (residual additions,
 * reshapes) in its own {@link #forward}/{@link #backward}.
 *
 * <p>This base class does the bookkeeping a {@link Sequential} expects from one layer: {@link #params()}
 * lists the own parameters, then every child's parameters under {@code <child name>.<param name>} (so a
 * network's parameter names read e.g. {@code 3_preact-block.conv1.weight}); {@link #allocate} binds the
 * children's parameters to the views the network gave this layer and allocates the children; {@link #state()}
 * collects the children's state with the same prefixes; {@link #close()} closes the children.
 *
 * <p>A child may see several "rows" per example of this layer: a child added with {@code rowsPerExample = T}
 * is allocated for {@code maxBatch * T} rows, so per-token layers ({@link Dense}, {@link LayerNorm},
 * {@link Gelu}) run on {@code [n * T, d]} views of {@code [n, T, d]} token arrays.
 *
 * <p>Children keep the toolkit's buffer contract: each allocates its buffers once; {@link #forward} and
 * {@link #backward} of a composite must not allocate arrays either (views and reshapes are fine).
 */
public abstract class CompositeLayer implements Layer {
    private final List<Child> children = new ArrayList<>();
    private final List<Param> ownParams = new ArrayList<>();
    private List<Param> outerParams;
    private List<Param> innerParams;
    /** The data type given to {@link #allocate}. */
    protected DataType dataType;
    /** The largest batch given to {@link #allocate}. */
    protected int maxBatch;

    private record Child(String name, Layer layer, int rowsPerExample) {
    }

    /**
     * Adds and builds a child layer. Call from {@link #build}, in a fixed order (the order of parameters and
     * of their initialisation).
     *
     * @param name the child's name, unique within this layer (a prefix of its parameter names)
     * @param layer a fresh layer
     * @param inputShape the per-row input shape the child gets
     * @param rowsPerExample how many rows of the child's input make one example of this layer
     * @return the child's per-row output shape
     */
    protected final long[] add(String name, Layer layer, long[] inputShape, int rowsPerExample) {
        for (Child c : children) {
            if (c.name().equals(name)) {
                throw new IllegalArgumentException(name() + " already has a child named " + name);
            }
        }
        if (rowsPerExample < 1) {
            throw new IllegalArgumentException("rowsPerExample must be >= 1, got " + rowsPerExample);
        }
        long[] out = layer.build(inputShape);
        children.add(new Child(name, layer, rowsPerExample));
        outerParams = null;
        return out;
    }

    /**
     * Adds and builds a child that sees one row per example.
     *
     * @param name the child's name
     * @param layer a fresh layer
     * @param inputShape its per-example input shape
     * @return the child's per-example output shape
     */
    protected final long[] add(String name, Layer layer, long[] inputShape) {
        return add(name, layer, inputShape, 1);
    }

    /**
     * Declares a parameter of this layer itself (listed before the children's). Call from {@link #build}.
     *
     * @param param the parameter
     * @return the parameter (its value and gradient are available from {@link #allocate} on)
     */
    protected final Param own(Param param) {
        ownParams.add(param);
        outerParams = null;
        return param;
    }

    /** Forgets the children and own parameters of an earlier {@link #build}; call first in {@code build}. */
    protected final void reset() {
        children.clear();
        ownParams.clear();
        outerParams = null;
    }

    @Override
    public final List<Param> params() {
        if (outerParams == null) {
            List<Param> outer = new ArrayList<>(ownParams);
            List<Param> inner = new ArrayList<>(ownParams);
            for (Child c : children) {
                for (Param p : c.layer().params()) {
                    outer.add(new Param(c.name() + "." + p.name(), p.shape(), p.init()));
                    inner.add(p);
                }
            }
            outerParams = List.copyOf(outer);
            innerParams = List.copyOf(inner);
        }
        return outerParams;
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        for (Child c : children) {
            for (Map.Entry<String, INDArray> e : c.layer().state().entrySet()) {
                s.put(c.name() + "." + e.getKey(), e.getValue());
            }
        }
        return s;
    }

    /**
     * Binds the children's parameters and allocates the children. Subclasses that need buffers of their own
     * override this, call {@code super.allocate} first, then allocate theirs.
     */
    @Override
    public void allocate(int maxBatch, DataType dataType) {
        this.maxBatch = maxBatch;
        this.dataType = dataType;
        List<Param> outer = params();
        for (int i = ownParams.size(); i < outer.size(); i++) {
            Param o = outer.get(i);
            if (o.value() == null) {
                throw new IllegalStateException(name() + ": parameters must be bound before allocate");
            }
            innerParams.get(i).bind(o.value(), o.grad());
        }
        for (Child c : children) {
            c.layer().allocate(Math.multiplyExact(maxBatch, c.rowsPerExample()), dataType);
        }
    }

    @Override
    public void close() {
        for (Child c : children) {
            c.layer().close();
        }
    }
}
