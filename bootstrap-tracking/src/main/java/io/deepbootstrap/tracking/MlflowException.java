package io.deepbootstrap.tracking;

import java.io.IOException;

/** An error answer of the MLflow server: HTTP status, MLflow's error code and its message. */
public final class MlflowException extends IOException {
    private final int status;
    private final String errorCode;

    /**
     * @param request the request, e.g. {@code POST runs/log-batch}
     * @param status the HTTP status
     * @param errorCode MLflow's {@code error_code}, e.g. {@code INVALID_PARAMETER_VALUE} (empty if none)
     * @param message MLflow's {@code message}, or the body
     */
    public MlflowException(String request, int status, String errorCode, String message) {
        super(request + ": HTTP " + status + (errorCode.isEmpty() ? "" : " " + errorCode) + ": " + message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return MLflow's error code, empty if the answer had none */
    public String errorCode() {
        return errorCode;
    }
}
