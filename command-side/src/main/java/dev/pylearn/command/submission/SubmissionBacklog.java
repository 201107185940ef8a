package dev.pylearn.command.submission;

/**
 * How many submissions wait to be judged (queued or running), cheaply: the assembling application
 * answers from a figure it measures every few seconds anyway, never with a count per submission.
 */
public interface SubmissionBacklog {

    /** Submissions requested and not yet judged, across the cluster, as last measured (plus this node's since). */
    long waiting();

    /** This node has just accepted one more; it counts until the next measurement includes it. */
    void accepted();
}
