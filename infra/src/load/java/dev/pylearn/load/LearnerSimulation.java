package dev.pylearn.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.Cookie;
import static io.gatling.javaapi.http.HttpDsl.addCookie;
import static io.gatling.javaapi.http.HttpDsl.flushCookieJar;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.UUID;

/**
 * Learners using PyLearn, against a running instance ({@code -Dpylearn.url}, default
 * http://localhost:8080). Learners arrive at a steady rate over the ramp (an open model); each registers
 * (the answer carries its session), logs in again once at a random moment, and loops with think time:
 * the API and the web app's pages in the weights of {@link #action}. Then two closed phases without think time at 64 connections, each after
 * 10 s in which nothing is sent: the dashboard, and a trivial authenticated endpoint (the ceiling). Beside
 * them, {@code pylearn.battlers} (200) learners battle in pairs ({@link BattleLoad}). scripts/load-test prints
 * the figures per request type and the dashboard/ceiling ratio from Gatling's results, and the battles' own.
 */
public class LearnerSimulation extends Simulation {

    static final String BASE = System.getProperty("pylearn.url", "http://localhost:8080");
    static final int LEARNERS = Integer.getInteger("pylearn.learners", 500);
    static final Duration RAMP = Duration.ofSeconds(Long.getLong("pylearn.ramp", 60));
    static final Duration STEADY = Duration.ofSeconds(Long.getLong("pylearn.steady", 120));
    static final Duration SATURATION = Duration.ofSeconds(Long.getLong("pylearn.saturation", 30));
    static final Duration SETTLE = Duration.ofSeconds(Long.getLong("pylearn.settle", 10));
    static final int BATTLERS = Integer.getInteger("pylearn.battlers", 200);
    /** The 64 learners of each saturation phase sign up over this long, a sign-up rate rather than a burst. */
    static final Duration SIGN_UPS_64 = Duration.ofSeconds(15);

    static final String SOLUTION = "def letter_grade(score):\\n    if score < 0 or score > 100:\\n        return \\\"invalid\\\"\\n"
            + "    for limit, grade in ((90, \\\"A\\\"), (80, \\\"B\\\"), (70, \\\"C\\\"), (60, \\\"D\\\")):\\n"
            + "        if score >= limit:\\n            return grade\\n    return \\\"F\\\"\\n";

    HttpProtocolBuilder protocol = http.baseUrl(BASE).acceptHeader("application/json")
            .contentTypeHeader("application/json").shareConnections();

    /**
     * Each virtual learner signs up from an address of its own, as real ones do: the script trusts
     * the loopback "proxy", so the sign-in limits per address count each learner apart. Registration
     * answers with the new learner's session token, which the learner goes on with, as the sign-up
     * page does: a sign-up is one password hash, not two.
     */
    static ChainBuilder register = exec(session -> session.set("username",
            "load-" + UUID.randomUUID().toString().substring(0, 12)).set("address", address()))
            .exec(http("register").post("/api/auth/register").header("X-Forwarded-For", "#{address}")
                    .body(StringBody("{\"username\":\"#{username}\",\"password\":\"load test password\","
                            + "\"displayName\":\"Load #{username}\",\"timezone\":\"Europe/Berlin\"}"))
                    .check(status().is(201), jsonPath("$.token").saveAs("token")))
            // a learner who could not sign up stops here instead of failing every request after
            .exitHereIfFailed()
            .exec(http("lessons").get("/api/tracks/python-basics")
                    .check(jsonPath("$.modules[*].lessons[*].lessonId").findAll().saveAs("lessons")))
            .exec(session -> session.set("next", 0));

    /**
     * A learner comes back on another device: logs in again, once, at a moment drawn at sign-up
     * from the ramp and the steady phase, so log-ins run beside the sign-ups and the rest of the mix.
     * The other device has none of this one's cookies: a JSON post that carries the session cookie and
     * no bearer token is a browser's write and needs the CSRF token (until 2026-11-29 the log-ins went
     * with the pages' cookie and 133 of 156 were refused 403 {@code csrf-token-invalid}).
     */
    static ChainBuilder logIn = exec(flushCookieJar()).exec(http("log in").post("/api/auth/login").header("X-Forwarded-For", "#{address}")
            .body(StringBody("{\"username\":\"#{username}\",\"password\":\"load test password\"}"))
            .check(status().is(200), jsonPath("$.token").saveAs("token")))
            .exec(session -> session.set("loggedInAgain", true));

    /**
     * A page as a browser asks for it: HTML, with the session cookie instead of a bearer header. The
     * cookie goes into Gatling's cookie jar (a Cookie header set by hand is replaced by the jar's), and
     * a redirect (to the log-in page) fails the check instead of being followed.
     */
    static ChainBuilder page(String name, String path) {
        return exec(addCookie(Cookie("pylearn_session", "#{token}").withPath("/")))
                .exec(http(name).get(path).header("Accept", "text/html").disableFollowRedirect()
                        .check(status().is(200)));
    }

    static ChainBuilder nextLesson = exec(session -> {
        java.util.List<String> lessons = session.getList("lessons");
        int next = session.getInt("next");
        return session.set("lesson", lessons.get(next % lessons.size())).set("next", next + 1);
    });

    // the API calls of the app and its pages, in the proportions learners use them (weights add up to 100)
    static ChainBuilder action = randomSwitch().on(
            new Choice.WithWeight(22.0, exec(http("dashboard").get("/api/me/dashboard")
                    .header("Authorization", "Bearer #{token}").check(status().is(200)))),
            new Choice.WithWeight(8.0, exec(http("achievements").get("/api/me/achievements")
                    .header("Authorization", "Bearer #{token}").check(status().is(200)))),
            new Choice.WithWeight(8.0, exec(http("leaderboard").get("/api/leaderboards/global?limit=10")
                    .header("Authorization", "Bearer #{token}").check(status().is(200)))),
            new Choice.WithWeight(5.0, exec(http("track page").get("/api/tracks/python-basics")
                    .header("Authorization", "Bearer #{token}").check(status().is(200)))),
            new Choice.WithWeight(12.0, exec(nextLesson).exec(http("lesson completion")
                    .post("/api/me/lessons/#{lesson}/completion")
                    .header("Authorization", "Bearer #{token}").check(status().is(200)))),
            new Choice.WithWeight(5.0, exec(http("challenge submission")
                    .post("/api/challenges/letter-grade/submissions")
                    .header("Authorization", "Bearer #{token}")
                    .body(StringBody("{\"code\":\"" + SOLUTION + "\"}"))
                    // 503 submission-queue-full: the queue bound's back-pressure, counted by the script
                    .check(status().in(202, 429, 503)))),
            new Choice.WithWeight(5.0, page("page: home", "/")),
            new Choice.WithWeight(5.0, page("page: track", "/tracks/python-basics")),
            new Choice.WithWeight(10.0, exec(nextLesson).exec(page("page: lesson", "/lessons/#{lesson}"))),
            new Choice.WithWeight(10.0, page("page: dashboard", "/dashboard")),
            new Choice.WithWeight(4.0, page("page: achievements", "/achievements")),
            new Choice.WithWeight(4.0, page("page: leaderboards", "/leaderboards")),
            new Choice.WithWeight(2.0, page("page: challenge", "/challenges/letter-grade")));

    /** When the ramp began: every learner stops at its start plus the ramp and the steady phase. */
    static final java.util.concurrent.atomic.AtomicLong LEARNERS_START = new java.util.concurrent.atomic.AtomicLong();

    ScenarioBuilder learners = scenario("learners").exec(session -> {
                LEARNERS_START.compareAndSet(0, System.currentTimeMillis());
                long end = LEARNERS_START.get() + RAMP.plus(STEADY).toMillis();
                long now = System.currentTimeMillis();
                return session.set("end", end).set("logInAt",
                        now + java.util.concurrent.ThreadLocalRandom.current().nextLong(Math.max(1, end - now)));
            })
            .exec(register)
            .during(session -> Duration.ofMillis(Math.max(0, session.getLong("end") - System.currentTimeMillis())))
            .on(exec(action).doIf(session -> !session.contains("loggedInAgain")
                            && System.currentTimeMillis() >= session.getLong("logInAt")).then(logIn)
                    .pause(Duration.ofSeconds(3), Duration.ofSeconds(9)));

    static String address() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return String.format("2001:db8:%x:%x:%x:%x::1", random.nextInt(0x10000), random.nextInt(0x10000),
                random.nextInt(0x10000), random.nextInt(0x10000));
    }

    /**
     * The 64 learners of a saturation phase sign up over {@link #SIGN_UPS_64}, then all start at the
     * same moment, 20 s after the first arrived: the phase measures reads at 64 connections, not
     * sign-ups racing them.
     */
    static ChainBuilder togetherAfterSignUp(java.util.concurrent.atomic.AtomicLong start) {
        return exec(session -> {
            start.compareAndSet(0, System.currentTimeMillis() + 20_000);
            return session;
        }).exec(register).pause(session -> Duration.ofMillis(Math.max(0, start.get() - System.currentTimeMillis())));
    }

    static final java.util.concurrent.atomic.AtomicLong DASHBOARD_START = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong CEILING_START = new java.util.concurrent.atomic.AtomicLong();

    ScenarioBuilder dashboard64 = scenario("dashboard at 64 connections").exec(togetherAfterSignUp(DASHBOARD_START))
            .during(SATURATION).on(exec(http("dashboard, no think time").get("/api/me/dashboard")
                    .header("Authorization", "Bearer #{token}").check(status().is(200))));

    ScenarioBuilder ceiling64 = scenario("ceiling at 64 connections").exec(togetherAfterSignUp(CEILING_START))
            .during(SATURATION).on(exec(http("ceiling: authenticated no-op").get("/api/auth/session")
                    .header("Authorization", "Bearer #{token}").check(status().is(200))));

    /** Learners in battles, all joining the queue together (see {@link BattleLoad}), beside the mix. */
    ScenarioBuilder battlers = scenario("battlers").exec(BattleLoad.battle(register));

    @Override
    public void after() {
        BattleLoad.report();
    }

    {
        setUp(battlers.injectOpen(rampUsers(BATTLERS).during(BattleLoad.SIGN_UPS)),
                // an open model: LEARNERS sign-ups arrive over the ramp, whatever the answers (a closed model
                // replaced each refused sign-up at once, so refusals bred sign-ups: 3,320 for 500 learners)
                learners.injectOpen(rampUsers(LEARNERS).during(RAMP))
                        // each 64-connection phase starts on a settled machine: the work the previous
                        // phase left (queued submissions, projections) must not count against one of them
                        .andThen(dashboard64.injectOpen(nothingFor(SETTLE), rampUsers(64).during(SIGN_UPS_64))
                                .andThen(ceiling64.injectOpen(nothingFor(SETTLE), rampUsers(64).during(SIGN_UPS_64)))))
                .protocols(protocol);
    }
}
