package dev.pylearn.infra.benchmark;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.TestServices;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Live chat delivery with 1,000 connected clients (SSE streams of one track room, 10 per learner):
 * after a warm-up of 50 messages (not counted), 200 messages are sent through the API one every 50 ms, and every
 * client records when each arrives.
 * Prints the delivery latency (from the moment the send request left to the moment the client read
 * the event) p50/p95/p99/max and the messages lost and duplicated, first with every client on one node,
 * then with the clients split over two nodes (two application instances on the same PostgreSQL and
 * Redis, the messages sent through both, fanned out through Redis pub/sub). Asserts nothing about speed.
 *
 * <pre>./mvnw -Pbenchmark verify -pl infra -am -Dtest=ChatDeliveryBenchmark</pre>
 */
@Tag("benchmark")
class ChatDeliveryBenchmark {

    static final int CLIENTS = Integer.getInteger("pylearn.benchmark.chat-clients", 1000);
    static final int LEARNERS = CLIENTS / 10;
    static final int SENDERS = 20;
    static final int MESSAGES = Integer.getInteger("pylearn.benchmark.chat-messages", 200);
    static final int WARM_UP = Integer.getInteger("pylearn.benchmark.chat-warm-up", 50);
    static final Pattern TOKEN = Pattern.compile("\"text\":\"bench-(\\d+)-(\\d+)\"");
    static final String ROOM = "room-python-basics";

    record Learner(String token) {
    }

    @Test
    void deliveryToAThousandClientsOnOneAndOnTwoNodes() throws Exception {
        TestServices.Database db = TestServices.database();
        try (ConfigurableApplicationContext a = node(db, "node-a"); ConfigurableApplicationContext b = node(db, "node-b")) {
            int portA = ((WebServerApplicationContext) a).getWebServer().getPort();
            int portB = ((WebServerApplicationContext) b).getWebServer().getPort();
            List<Learner> learners = new ArrayList<>();
            for (int i = 0; i < LEARNERS; i++) {
                Api api = new Api(i % 2 == 0 ? portA : portB);
                String username = "bench-" + UUID.randomUUID().toString().substring(0, 10);
                Api.Response registered = api.post("/api/auth/register", null, Map.of("username", username,
                        "password", "a long benchmark password", "displayName", "Bench " + i, "timezone", "UTC"));
                if (registered.status() != 201) {
                    throw new IllegalStateException(registered.text());
                }
                Learner learner = new Learner(registered.json().get("token").asString());
                api.post("/api/chat/rooms/python-basics/members", learner.token(), null);
                learners.add(learner);
            }
            Stages stages = new Stages(a, b);
            List<dev.pylearn.monitoring.observability.QueryTracker> trackers = List.of(
                    a.getBean(dev.pylearn.monitoring.observability.QueryTracker.class),
                    b.getBean(dev.pylearn.monitoring.observability.QueryTracker.class));
            run("1 node", learners, new int[] {portA}, 1, trackers);
            stages.print("1 node");
            run("2 nodes", learners, new int[] {portA, portB}, 2, trackers);
            stages.print("2 nodes");
        }
    }

    /**
     * Where a delivery's time goes, from the nodes' own timers, as means over the round (their
     * percentiles are over a sliding window that would mix the rounds): a batch of a room's messages
     * sent to committed, a message's send request to its push after the projection's commit, and to a
     * node's receipt of the push, before its streams are written.
     */
    private static final class Stages {
        private final List<io.micrometer.core.instrument.MeterRegistry> registries;
        private final Map<String, double[]> last = new java.util.HashMap<>();

        Stages(ConfigurableApplicationContext... nodes) {
            this.registries = java.util.Arrays.stream(nodes)
                    .map(node -> node.getBean(io.micrometer.core.instrument.MeterRegistry.class)).toList();
            print(null);
        }

        void print(String label) {
            StringBuilder line = new StringBuilder(label + ": mean per stage (all nodes):");
            for (String name : List.of("pylearn.chat.send.batch", "pylearn.chat.published", "pylearn.chat.received")) {
                double count = 0;
                double total = 0;
                for (var registry : registries) {
                    for (var timer : registry.find(name).timers()) {
                        count += timer.count();
                        total += timer.totalTime(TimeUnit.MILLISECONDS);
                    }
                }
                double[] before = last.getOrDefault(name, new double[2]);
                last.put(name, new double[] {count, total});
                line.append(String.format(" %s %.1f ms (%,.0f)", name.substring("pylearn.chat.".length()),
                        count > before[0] ? (total - before[1]) / (count - before[0]) : 0, count - before[0]));
            }
            if (label != null) {
                System.out.println(line);
            }
        }
    }

    private static ConfigurableApplicationContext node(TestServices.Database db, String name) {
        return BenchmarkNodes.start(db, "benchmark password", "--pylearn.node-id=" + name,
                "--pylearn.security.sign-in.per-address=100000", "--pylearn.chat.messages-per-minute=1000",
                // ten streams per learner per round, and the first round's are still counted while the
                // server has not yet written to them since their clients closed (a learner's default cap is five)
                "--pylearn.chat.streams-per-learner=100");
    }

    private static void run(String label, List<Learner> learners, int[] ports, int round,
                            List<dev.pylearn.monitoring.observability.QueryTracker> trackers) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        // by quarter of the round (messages 0-49, 50-99, ...): a slow start (code not compiled yet) shows in the first
        List<List<Long>> byQuarter = List.of(Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));
        // how long each send waited for its answer: the command, and the history showing the message
        // (the API answers once it does); the rest of a delivery's latency is the fan-out to the streams
        List<Long> answered = Collections.synchronizedList(new ArrayList<>());
        AtomicLong duplicates = new AtomicLong();
        List<Set<Long>> received = new ArrayList<>();
        CountDownLatch connected = new CountDownLatch(CLIENTS);
        long after = lastSeq(new Api(ports[0]), learners.get(0));
        List<java.util.concurrent.CompletableFuture<?>> streams = new ArrayList<>();
        List<Flow.Subscription> subscriptions = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < CLIENTS; c++) {
            Set<Long> mine = ConcurrentHashMap.newKeySet();
            received.add(mine);
            Learner learner = learners.get(c % learners.size());
            int port = ports[c % ports.length];
            HttpRequest request = new Api(port).request("/api/chat/conversations/" + ROOM + "/stream?after=" + after,
                    learner.token()).timeout(Duration.ofMinutes(10)).header("Accept", "text/event-stream").GET().build();
            streams.add(http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                boolean first = true;

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscriptions.add(subscription);
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    long now = System.nanoTime();
                    if (first) {
                        first = false;
                        connected.countDown();
                    }
                    if (line.startsWith("data:")) {
                        Matcher m = TOKEN.matcher(line);
                        if (m.find() && Integer.parseInt(m.group(1)) == round) {
                            long k = Long.parseLong(m.group(2));
                            if (!mine.add(k)) {
                                duplicates.incrementAndGet();
                            } else {
                                Long start = sentAt.get(k);
                                latencies.add(start == null ? 0 : now - start);
                                byQuarter.get((int) Math.min(3, k * 4 / MESSAGES)).add(start == null ? 0 : now - start);
                            }
                        }
                    }
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                }
            })));
        }
        if (!connected.await(120, TimeUnit.SECONDS)) {
            System.out.printf("%s: only %d of %d clients connected%n", label, CLIENTS - connected.getCount(), CLIENTS);
        }
        // a warm-up of WARM_UP messages, not counted: the first seconds of a round on freshly connected streams
        // and on a node that has not sent to the room yet (its caches, its connections, code not compiled yet)
        // were 3-5 times slower than the rest (p95 280 ms in the first quarter, 50-110 ms in the others)
        sendEvery50Ms(http, learners, ports, "warm-up-" + round, WARM_UP, k -> {
        }, elapsed -> {
        });
        Thread.sleep(2000);
        long start = System.nanoTime();
        CpuByThread cpu = new CpuByThread(trackers).start();
        sendEvery50Ms(http, learners, ports, "bench-" + round, MESSAGES, k -> sentAt.put((long) k, System.nanoTime()),
                answered::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (latencies.size() < (long) CLIENTS * MESSAGES && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        cpu.print(label);
        // streams that ended before the harness closed them (refused, or closed by the server), by status
        Map<Integer, Integer> ended = new java.util.TreeMap<>();
        for (java.util.concurrent.CompletableFuture<?> stream : streams) {
            if (stream.isDone()) {
                ended.merge(stream.isCompletedExceptionally() ? -1 : ((HttpResponse<?>) stream.join()).statusCode(), 1,
                        Integer::sum);
            }
        }
        if (!ended.isEmpty()) {
            System.out.printf("%s: streams that ended early, by status (-1: failed): %s%n", label, ended);
        }
        // closes every stream (canceling the futures alone would leave the connections open)
        subscriptions.forEach(Flow.Subscription::cancel);
        streams.forEach(s -> s.cancel(true));
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long delivered = sorted.size();
        long expected = (long) CLIENTS * MESSAGES;
        // which messages some clients lack, and how many clients lack any: tells a message never
        // published from streams that fell silent
        Map<Long, Integer> missingBy = new java.util.TreeMap<>();
        int clientsLacking = 0;
        for (Set<Long> got : received) {
            if (got.size() < MESSAGES) {
                clientsLacking++;
                for (long k = 0; k < MESSAGES; k++) {
                    if (!got.contains(k)) {
                        missingBy.merge(k, 1, Integer::sum);
                    }
                }
            }
        }
        if (!missingBy.isEmpty()) {
            System.out.printf("%s: %d clients lack messages; clients lacking each message: %s%n", label, clientsLacking,
                    missingBy.size() > 20 ? missingBy.size() + " messages" : missingBy);
        }
        System.out.printf("%s: %d clients, %d messages (one every 50 ms), %,d deliveries of %,d expected in %.1f s; "
                        + "latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; lost %,d, duplicated %,d%n",
                label, CLIENTS, MESSAGES, delivered, expected, seconds, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6, expected - delivered, duplicates.get());
        StringBuilder quarters = new StringBuilder(label + ": latency p95 by quarter of the messages:");
        for (List<Long> quarter : byQuarter) {
            List<Long> q = new ArrayList<>(quarter);
            Collections.sort(q);
            quarters.append(String.format(" %.1f ms", pct(q, 95)));
        }
        System.out.println(quarters);
        List<Long> answers = new ArrayList<>(answered);
        Collections.sort(answers);
        System.out.printf("%s: send answered (command, then the history shows it) p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                label, pct(answers, 50), pct(answers, 95), answers.isEmpty() ? 0 : answers.get(answers.size() - 1) / 1e6);
    }

    /** Sends {@code count} messages "{prefix}-{k}" one every 50 ms, round robin over the senders and the nodes. */
    private static void sendEvery50Ms(HttpClient http, List<Learner> learners, int[] ports, String prefix, int count,
                                      java.util.function.IntConsumer sending,
                                      java.util.function.LongConsumer answeredAfter) throws InterruptedException {
        for (int k = 0; k < count; k++) {
            Learner sender = learners.get(k % SENDERS);
            Api api = new Api(ports[k % ports.length]);
            long begin = System.nanoTime();
            sending.accept(k);
            HttpRequest send = api.request("/api/chat/conversations/" + ROOM + "/messages", sender.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + prefix + "-" + k + "\"}")).build();
            http.sendAsync(send, HttpResponse.BodyHandlers.discarding())
                    .thenAccept(answer -> answeredAfter.accept(System.nanoTime() - begin));
            long next = begin + TimeUnit.MILLISECONDS.toNanos(50);
            while (System.nanoTime() < next) {
                Thread.sleep(1);
            }
        }
    }

    private static long lastSeq(Api api, Learner learner) {
        for (var c : api.get("/api/chat/conversations", learner.token()).json()) {
            if (c.get("conversationId").asString().equals(ROOM)) {
                return c.get("lastSeq").asLong();
            }
        }
        return 0;
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }
}
