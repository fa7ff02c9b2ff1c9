package dev.twbench.loadgen.lab;

/** The lab could not be built or used; the message says what is missing and how to fix it. */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
