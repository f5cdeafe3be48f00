package io.deepbootstrap.data.array;

/** Reads integer labels by example index, and describes where a label is stored for error messages. */
public interface LabelReader {

    /** @return the number of labels */
    long size();

    /** @param index example index @return its label as stored */
    long label(long index);

    /**
     * @param index example index
     * @param problem what is wrong
     * @return an exception naming the file, member and byte offset of that label
     */
    MalformedFileException error(long index, String problem);

    /**
     * @param problem what is wrong with the labels as a whole
     * @return an exception naming the file and member of the labels
     */
    MalformedFileException error(String problem);
}
