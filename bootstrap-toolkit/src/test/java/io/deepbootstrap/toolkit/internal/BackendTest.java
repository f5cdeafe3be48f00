package io.deepbootstrap.toolkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

class BackendTest {
    @Test
    void theOneDnnBuildOfNd4jNativeIsLoaded() {
        Nd4j.create(1);
        String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        assertThat(info).contains("HAVE_ONEDNN");
        assertThat(Nd4jRuntime.hasOneDnn()).isTrue();
    }
}
