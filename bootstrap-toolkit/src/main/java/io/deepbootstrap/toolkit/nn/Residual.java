package io.deepbootstrap.toolkit.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A residual block: {@code y = branch(x) + shortcut(x)}, where the branch is a chain of layers and the
 * shortcut is the identity or another chain (e.g. a strided 1x1 convolution when the shape changes).
 * Inner parameters are named {@code branch.<i>_<layer>.<param>} and {@code shortcut.<i>_<layer>.<param>}.
 *
 * <p>The input {@code x} is read by both paths and must not be modified by the first layer of either
 * (so neither may start with an in-place {@link Relu}).
 */
public final class Residual implements Layer {
    private final List<Layer> branch;
    private final List<Layer> shortcut;
    private long[] inShape;
    private long[] outShape;
    private INDArray output;
    private INDArray gradCopy;
    private INDArray gradInput;
    private INDArray input;

    /**
     * @param branch the residual branch
     * @param shortcut the shortcut path; empty for the identity
     */
    public Residual(List<Layer> branch, List<Layer> shortcut) {
        if (branch.isEmpty()) {
            throw new IllegalArgumentException("residual branch must have at least one layer");
        }
        this.branch = List.copyOf(branch);
        this.shortcut = List.copyOf(shortcut);
    }

    @Override
    public String name() {
        return "residual";
    }

    @Override
    public long[] build(long[] inputShape) {
        inShape = inputShape.clone();
        long[] b = inputShape.clone();
        for (Layer l : branch) {
            b = l.build(b);
        }
        long[] s = inputShape.clone();
        for (Layer l : shortcut) {
            s = l.build(s);
        }
        if (!java.util.Arrays.equals(b, s)) {
            throw new IllegalArgumentException("residual branch output " + java.util.Arrays.toString(b)
                    + " differs from shortcut output " + java.util.Arrays.toString(s));
        }
        outShape = b;
        prefix("branch.", branch);
        prefix("shortcut.", shortcut);
        return outShape.clone();
    }

    private static void prefix(String path, List<Layer> layers) {
        for (int i = 0; i < layers.size(); i++) {
            for (Param p : layers.get(i).params()) {
                p.prefixName(path + i + "_" + layers.get(i).name() + ".");
            }
        }
    }

    @Override
    public List<Param> params() {
        List<Param> all = new ArrayList<>();
        for (Layer l : branch) {
            all.addAll(l.params());
        }
        for (Layer l : shortcut) {
            all.addAll(l.params());
        }
        return all;
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        for (int i = 0; i < branch.size(); i++) {
            for (Map.Entry<String, INDArray> e : branch.get(i).state().entrySet()) {
                s.put("branch." + i + "_" + branch.get(i).name() + "." + e.getKey(), e.getValue());
            }
        }
        for (int i = 0; i < shortcut.size(); i++) {
            for (Map.Entry<String, INDArray> e : shortcut.get(i).state().entrySet()) {
                s.put("shortcut." + i + "_" + shortcut.get(i).name() + "." + e.getKey(), e.getValue());
            }
        }
        return s;
    }

    @Override
    public void allocate(int maxBatch, DataType dataType) {
        for (Layer l : branch) {
            l.allocate(maxBatch, dataType);
        }
        for (Layer l : shortcut) {
            l.allocate(maxBatch, dataType);
        }
        output = Nd4j.create(dataType, Ops.batchShape(maxBatch, outShape), 'c');
        gradCopy = Nd4j.create(dataType, Ops.batchShape(maxBatch, outShape), 'c');
        gradInput = Nd4j.create(dataType, Ops.batchShape(maxBatch, inShape), 'c');
    }

    @Override
    public INDArray forward(INDArray in, boolean training) {
        input = in;
        INDArray b = Chain.forward(branch, in, training);
        PartTimer.mark("f branch");
        INDArray s = Chain.forward(shortcut, in, training);
        PartTimer.mark("f shortcut");
        INDArray out = Ops.rows(output, in.size(0));
        b.addi(s, out);
        PartTimer.mark("f residual add");
        return out;
    }

    @Override
    public INDArray backward(INDArray gradOut, boolean inputGradNeeded) {
        long n = gradOut.size(0);
        INDArray copy = Ops.rows(gradCopy, n);
        copy.assign(gradOut);
        INDArray gb = Chain.backward(branch, gradOut, true);
        INDArray gs = Chain.backward(shortcut, copy, true);
        INDArray gi = Ops.rows(gradInput, n);
        gb.addi(gs, gi);
        return gi;
    }

    @Override
    public void close() {
        for (Layer l : branch) {
            l.close();
        }
        for (Layer l : shortcut) {
            l.close();
        }
        for (INDArray a : new INDArray[] {output, gradCopy, gradInput}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
