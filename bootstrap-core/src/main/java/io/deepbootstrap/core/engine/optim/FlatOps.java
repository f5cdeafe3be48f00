package io.deepbootstrap.core.engine.optim;

import io.deepbootstrap.api.model.Parameters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Native operations on whole flat vectors, and the state bookkeeping the optimizers share. */
final class FlatOps {
    private FlatOps() {
    }

    /** {@code y += alpha * x} (one BLAS call). */
    static void axpy(double alpha, INDArray x, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
    }

    /** @return a zero vector shaped like the parameter vector */
    static INDArray zerosLike(Parameters parameters) {
        return Nd4j.zeros(parameters.dataType(), parameters.values().shape());
    }

    /** @return detached copies of the arrays, in order */
    static Map<String, INDArray> copies(Map<String, INDArray> arrays) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(name, a.dup()));
        return out;
    }

    /**
     * Checks an exported state against this optimizer's and copies its arrays in.
     *
     * @return the state's step count
     */
    static long restore(OptimizerState state, String kind, Map<String, INDArray> into) {
        if (!state.kind().equals(kind)) {
            throw new IllegalArgumentException("optimizer state of kind '" + state.kind() + "' cannot be restored into a '"
                    + kind + "' optimizer");
        }
        if (!state.arrays().keySet().equals(into.keySet())) {
            throw new IllegalArgumentException("optimizer state holds " + state.arrays().keySet() + " but a '" + kind
                    + "' optimizer has " + into.keySet());
        }
        for (Map.Entry<String, INDArray> e : into.entrySet()) {
            INDArray src = state.arrays().get(e.getKey());
            if (src.length() != e.getValue().length()) {
                throw new IllegalArgumentException("optimizer state '" + e.getKey() + "' has " + src.length()
                        + " values but the parameters have " + e.getValue().length());
            }
        }
        for (Map.Entry<String, INDArray> e : into.entrySet()) {
            INDArray dst = e.getValue();
            dst.assign(state.arrays().get(e.getKey()).reshape(dst.ordering(), dst.shape()).castTo(dst.dataType()));
        }
        return state.steps();
    }
}
