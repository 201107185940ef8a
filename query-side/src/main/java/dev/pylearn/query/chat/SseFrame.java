package dev.pylearn.query.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * One server-sent event, encoded once: a message to a room of a thousand members is a thousand writes,
 * and written through {@code SseEmitter} each was three parts (the id and name lines, the data, the
 * blank line), each looked up among the message converters, its content type parsed again from the
 * headers, and converted to bytes again for every stream: with 1,000 streams that was a third of the
 * sampled CPU of the chat benchmark. A frame is written as its bytes to each stream.
 */
record SseFrame(byte[] bytes) {

    static final MediaType EVENT_STREAM = MediaType.TEXT_EVENT_STREAM;

    /** An event as {@code SseEmitter} writes it: {@code id:}, {@code event:}, {@code data:} lines. */
    static SseFrame event(String id, String name, String data) {
        StringBuilder text = new StringBuilder(data.length() + 48);
        if (id != null) {
            text.append("id:").append(id).append('\n');
        }
        text.append("event:").append(name).append('\n');
        for (String line : data.split("\n", -1)) {
            text.append("data:").append(line).append('\n');
        }
        return new SseFrame(text.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    static SseFrame comment(String text) {
        return new SseFrame((":" + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The response of a stream of frames: {@code text/event-stream}, written frame by frame. */
    static final class Emitter extends ResponseBodyEmitter {

        Emitter() {
            super(0L); // no timeout: the heartbeat notices a client that left
        }

        @Override
        protected void extendResponse(ServerHttpResponse outputMessage) {
            super.extendResponse(outputMessage);
            if (outputMessage.getHeaders().getContentType() == null) {
                outputMessage.getHeaders().setContentType(EVENT_STREAM);
            }
        }

        void send(SseFrame frame) throws IOException {
            send(frame, EVENT_STREAM);
        }
    }

    /** Writes a frame's bytes as they are (no headers to add: the stream's were sent with its first frame). */
    @Component
    static final class Converter implements HttpMessageConverter<SseFrame> {

        @Override
        public boolean canRead(Class<?> clazz, MediaType mediaType) {
            return false;
        }

        @Override
        public boolean canWrite(Class<?> clazz, MediaType mediaType) {
            return clazz == SseFrame.class;
        }

        @Override
        public List<MediaType> getSupportedMediaTypes() {
            return List.of(EVENT_STREAM);
        }

        @Override
        public SseFrame read(Class<? extends SseFrame> clazz, HttpInputMessage inputMessage) {
            throw new UnsupportedOperationException("frames are only written");
        }

        @Override
        public void write(SseFrame frame, MediaType contentType, HttpOutputMessage outputMessage) throws IOException {
            outputMessage.getBody().write(frame.bytes());
        }
    }
}
