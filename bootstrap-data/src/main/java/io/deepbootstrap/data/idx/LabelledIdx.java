package io.deepbootstrap.data.idx;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A pair of IDX files read together: an examples file (first dimension = example count, e.g.
 * {@code N x 28 x 28} images) and a rank-1 integer labels file with one label per example, checked
 * against each other.
 */
public final class LabelledIdx {
    private final IdxArray examples;
    private final IdxArray labelsFile;
    private final int[] labels;

    private LabelledIdx(IdxArray examples, IdxArray labelsFile, int[] labels) {
        this.examples = examples;
        this.labelsFile = labelsFile;
        this.labels = labels;
    }

    /**
     * Reads and cross-checks an examples file and a labels file.
     *
     * @param examplesFile IDX file whose first dimension counts the examples (rank at least 1)
     * @param labelsFile rank-1 IDX file of an integer type, one label per example
     * @return the pair
     * @throws IdxFormatException if either file is malformed, the labels file is not a rank-1 integer
     *     file, a label is negative, or the two files hold different numbers of examples (the message
     *     names both files and both counts)
     * @throws IOException on read errors (including a missing file)
     */
    public static LabelledIdx read(Path examplesFile, Path labelsFile) throws IOException {
        IdxArray examples = IdxReader.read(examplesFile);
        IdxArray labelArray = IdxReader.read(labelsFile);
        if (examples.rank() < 1) {
            throw new IdxFormatException(examplesFile, "an examples file needs at least 1 dimension (the example count)"
                    + ", found a scalar");
        }
        if (labelArray.rank() != 1) {
            throw new IdxFormatException(labelsFile, "a labels file needs exactly 1 dimension, found "
                    + labelArray.rank() + " (" + labelArray.shapeString() + ")");
        }
        if (!labelArray.type().isInteger()) {
            throw new IdxFormatException(labelsFile, "a labels file needs an integer type (ubyte, byte, short, int)"
                    + ", found " + labelArray.type().label());
        }
        if (examples.dim(0) != labelArray.dim(0)) {
            throw IdxFormatException.involving(labelsFile, "IDX files disagree on the number of examples: examples file " + examplesFile
                    + " holds " + examples.dim(0) + " but labels file " + labelsFile + " holds " + labelArray.dim(0)
                    + " labels");
        }
        int[] labels = new int[labelArray.length()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labelArray.getInt(i);
            if (labels[i] < 0) {
                throw new IdxFormatException(labelsFile, "label " + labels[i] + " at index " + i
                        + " is negative; labels must be class numbers 0..k-1");
            }
        }
        return new LabelledIdx(examples, labelArray, labels);
    }

    /**
     * Checks that every label is a valid class number.
     *
     * @param numClasses the number of classes k
     * @throws IdxFormatException naming the labels file, the first offending label and its index, if a
     *     label is outside {@code 0..k-1}
     */
    public void checkLabels(int numClasses) throws IdxFormatException {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= numClasses) {
                throw new IdxFormatException(labelsFile.source(), "label " + labels[i] + " at index " + i
                        + " is out of range: expected 0.." + (numClasses - 1) + " for " + numClasses + " classes");
            }
        }
    }

    /** @return the largest label, or -1 if there are no examples */
    public int maxLabel() {
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        return max;
    }

    /** @return the examples file's contents */
    public IdxArray examples() {
        return examples;
    }

    /** @return the labels file's path */
    public Path labelsFile() {
        return labelsFile.source();
    }

    /** @return the number of examples */
    public int size() {
        return labels.length;
    }

    /**
     * @param index example index
     * @return its label
     */
    public int label(int index) {
        return labels[index];
    }
}
