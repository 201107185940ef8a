/**
 * The execution worker: consumes {@code SubmissionRequested} and runs test cases on a sandbox
 * backend. Empty until challenge submissions land; the module exists so the role boundaries are
 * fixed from the start.
 */
package dev.pylearn.worker;
