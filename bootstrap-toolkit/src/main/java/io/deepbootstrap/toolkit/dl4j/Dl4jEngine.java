package io.deepbootstrap.toolkit.dl4j;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** The operations {@link Dl4jNetwork} needs, over either kind of DL4J network. */
abstract class Dl4jEngine {

    /** Forward in training mode, loss, backward into the flattened gradients. @return DL4J's score (mean loss) */
    abstract double computeGradientAndScore(INDArray features, INDArray targets);

    /** @return the softmax output in inference mode */
    abstract INDArray output(INDArray features);

    /** @return the layers, in the order of the flattened parameters */
    abstract Layer[] layers();

    /** @return the prefix of a layer's parameter names in the network's parameter table */
    abstract String prefix(Layer layer);

    /** @return the flattened parameter vector */
    abstract INDArray flatParameters();

    /** @return the flattened gradient vector (created if DL4J has not yet) */
    abstract INDArray flatGradients();

    /** @return the output layer */
    abstract Layer outputLayer();

    static Dl4jEngine of(MultiLayerNetwork n) {
        if (!n.isInitCalled()) {
            throw new IllegalArgumentException("the DL4J network is not initialised: call init() before adapting it");
        }
        return new Dl4jEngine() {
            @Override
            double computeGradientAndScore(INDArray features, INDArray targets) {
                n.setInput(features);
                n.setLabels(targets);
                n.computeGradientAndScore();
                return n.score();
            }

            @Override
            INDArray output(INDArray features) {
                return n.output(features, false);
            }

            @Override
            Layer[] layers() {
                return n.getLayers();
            }

            @Override
            String prefix(Layer layer) {
                return layer.getIndex() + "_";
            }

            @Override
            INDArray flatParameters() {
                return n.params();
            }

            @Override
            INDArray flatGradients() {
                if (n.getFlattenedGradients() == null) {
                    n.initGradientsView();
                }
                return n.getFlattenedGradients();
            }

            @Override
            Layer outputLayer() {
                return n.getOutputLayer();
            }
        };
    }

    static Dl4jEngine of(ComputationGraph g) {
        if (g.getLayers() == null) {
            throw new IllegalArgumentException("the DL4J graph is not initialised: call init() before adapting it");
        }
        if (g.getNumInputArrays() != 1 || g.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("the computation graph must have one input and one output, it has "
                    + g.getNumInputArrays() + " and " + g.getNumOutputArrays());
        }
        return new Dl4jEngine() {
            @Override
            double computeGradientAndScore(INDArray features, INDArray targets) {
                g.setInputs(features);
                g.setLabels(targets);
                g.computeGradientAndScore();
                return g.score();
            }

            @Override
            INDArray output(INDArray features) {
                return g.outputSingle(false, features);
            }

            @Override
            Layer[] layers() {
                return g.getLayers();
            }

            @Override
            String prefix(Layer layer) {
                return layer.conf().getLayer().getLayerName() + "_";
            }

            @Override
            INDArray flatParameters() {
                return g.params();
            }

            @Override
            INDArray flatGradients() {
                if (g.getFlattenedGradients() == null) {
                    g.initGradientsView();
                }
                return g.getFlattenedGradients();
            }

            @Override
            Layer outputLayer() {
                return g.getOutputLayer(0);
            }
        };
    }

    /**
     * Refuses configurations whose training the framework would silently change: regularisation and gradient
     * normalisation (applied by DL4J's updater, which never runs here), and outputs other than softmax with
     * multi-class cross-entropy (the loss the framework reports and the gradient it expects).
     */
    void checkTrainableByTheFramework() {
        for (Layer layer : layers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf) {
                String name = describe(layer);
                if (!conf.getRegularization().isEmpty() || !conf.getRegularizationBias().isEmpty()) {
                    throw new IllegalArgumentException("DL4J " + name + " has regularization "
                            + union(conf.getRegularization(), conf.getRegularizationBias())
                            + ": the framework applies weight decay itself (training.optimizer.weight-decay); "
                            + "remove l1/l2/weightDecay from the DL4J configuration");
                }
                GradientNormalization gn = conf.getGradientNormalization();
                if (gn != null && gn != GradientNormalization.None) {
                    throw new IllegalArgumentException("DL4J " + name + " has gradient normalization " + gn
                            + ", which DL4J applies in its updater; the framework's optimizer does not: remove it");
                }
            }
        }
        Layer out = outputLayer();
        ILossFunction loss = null;
        IActivation activation = null;
        if (out.conf().getLayer() instanceof BaseOutputLayer o) {
            loss = o.getLossFn();
            activation = o.getActivationFn();
        } else if (out.conf().getLayer() instanceof LossLayer o) {
            loss = o.getLossFn();
            activation = o.getActivationFn();
        }
        if (!(loss instanceof LossMCXENT) || !(activation instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException("the DL4J network's output " + describe(out) + " must be softmax with "
                    + "LossMCXENT (multi-class cross-entropy), got activation " + activation + " and loss " + loss);
        }
    }

    private String describe(Layer layer) {
        String name = layer.conf().getLayer().getLayerName();
        return "layer " + (name != null ? "'" + name + "'" : "#" + layer.getIndex()) + " ("
                + layer.conf().getLayer().getClass().getSimpleName() + ")";
    }

    private static List<Object> union(List<?> a, List<?> b) {
        java.util.List<Object> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
