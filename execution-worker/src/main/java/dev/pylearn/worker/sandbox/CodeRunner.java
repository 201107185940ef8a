package dev.pylearn.worker.sandbox;

/**
 * Runs untrusted Python. Implementations throw {@link TransientBackendException} when the backend
 * could not run the code this time (busy, down, slow) and a retry may succeed; whatever the code
 * itself does (crash, loop, flood) is a normal {@link RunResult}.
 */
public interface CodeRunner {

    RunResult run(RunRequest request);

    /** For the start-up report, e.g. "local sandbox (bubblewrap, python3 3.11)". */
    String describe();
}
