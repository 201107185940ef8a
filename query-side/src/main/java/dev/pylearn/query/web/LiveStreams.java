package dev.pylearn.query.web;

import java.io.IOException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** What the live streams (server-sent events) share. */
public final class LiveStreams {

    private LiveStreams() {
    }

    /**
     * Sends an event; a client that went away ends the stream quietly, and the stream's completion
     * callbacks release what it held. Thrown from a Reactor subscriber instead (as until 2026-11-29),
     * the error raced the subscription's disposal by that same completion and was logged at ERROR
     * as "Operator called default onErrorDropped" with a stack trace, for every browser tab closed
     * while a battle or a submission was being watched.
     */
    public static void sendOrEnd(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException gone) {
            try {
                emitter.complete();
            } catch (RuntimeException alreadyEnded) {
                // the container ended it first
            }
        }
    }
}
