package io.deepbootstrap.data.array;

/** Labels stored in an NPY array of any integer dtype, shaped {@code (n,)} or {@code (n, 1)}. */
public final class LabelArray implements LabelReader {
    private final NpyArray array;
    private final long size;
    private final long stride;

    /**
     * @param array the labels array
     * @throws MalformedFileException naming file and member if the dtype is not an integer type or the
     *     shape is not (n,) or (n, 1)
     */
    public LabelArray(NpyArray array) {
        this.array = array;
        long[] s = array.shape();
        if (!array.dtype().isInteger()) {
            throw new MalformedFileException(array.file(), array.member(), -1,
                    "labels must have an integer dtype, found " + array.dtype().descr() + " (" + array.dtype().numpyName() + ")");
        }
        if (!(s.length == 1 || (s.length == 2 && s[1] == 1))) {
            throw new MalformedFileException(array.file(), array.member(), -1, "labels must have shape (n,) or (n, 1), found "
                    + array.header().shapeString());
        }
        this.size = s[0];
        this.stride = array.stride(0);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long label(long index) {
        return array.getLong(index * stride);
    }

    @Override
    public MalformedFileException error(long index, String problem) {
        return new MalformedFileException(array.file(), array.member(), array.byteOffset(index * stride), "label index " + index + ": " + problem);
    }

    @Override
    public MalformedFileException error(String problem) {
        return new MalformedFileException(array.file(), array.member(), -1, problem);
    }
}
