package io.deepbootstrap.core.experiment;

import io.deepbootstrap.api.model.Network;
import java.util.Map;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A short checksum of a network's parameters, recorded so that identical initial weights can be verified. */
public final class NetworkFingerprint {
    private NetworkFingerprint() {
    }

    /**
     * @param network a network
     * @return CRC-32 over parameter names and float32 values (each view in C order of its shape), as 8 hex digits
     */
    public static String of(Network network) {
        CRC32 crc = new CRC32();
        for (Map.Entry<String, INDArray> e : network.parameters().valueViews().entrySet()) {
            crc.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            float[] values = e.getValue().dup('c').reshape(-1).toFloatVector();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(values.length * 4);
            buf.asFloatBuffer().put(values);
            crc.update(buf.array());
        }
        return String.format("%08x", crc.getValue());
    }
}
