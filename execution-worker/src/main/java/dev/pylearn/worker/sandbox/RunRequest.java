package dev.pylearn.worker.sandbox;

import java.time.Duration;
import java.util.Map;

/**
 * One Python run: the files of its working directory, the file to run, its standard input and its
 * wall-time limit.
 */
public record RunRequest(Map<String, String> files, String entry, String stdin, Duration timeLimit) {
}
