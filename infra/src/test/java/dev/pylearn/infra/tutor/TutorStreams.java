package dev.pylearn.infra.tutor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asks the tutor through the JSON API and reads the whole server-sent event stream of its answer. */
final class TutorStreams {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One event of the stream. */
    record Event(String name, JsonNode data) {
    }

    /** The stream read to its end: its events, and the answer as the token events spelled it. */
    record Answer(Api.Response response, List<Event> events) {

        Event first(String name) {
            return events.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        }

        String text() {
            StringBuilder text = new StringBuilder();
            events.stream().filter(e -> e.name().equals("token")).forEach(e -> text.append(e.data().get("text").asString()));
            return text.toString();
        }
    }

    private TutorStreams() {
    }

    static Api.Response post(Api api, String token, Map<String, Object> question) {
        return api.send(api.request("/api/tutor/questions", token)
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Api.json(question))));
    }

    static Answer ask(Api api, String token, Map<String, Object> question) {
        Api.Response response = post(api, token, question);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/event-stream");
        return new Answer(response, parse(response.text()));
    }

    static List<Event> parse(String stream) {
        List<Event> events = new ArrayList<>();
        for (String block : stream.replace("\r\n", "\n").split("\n\n")) {
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).replaceFirst("^ ", ""));
                }
            }
            if (!data.isEmpty()) {
                events.add(new Event(name, JSON.readTree(data.toString())));
            }
        }
        return events;
    }
}
