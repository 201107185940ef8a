package dev.pylearn.infra.tutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.command.tutor.TutorModel;
import dev.pylearn.command.tutor.TutorService;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;

/** What the tutor tests share: the platform's beans to build a tutor on another model, challenges, failed submissions. */
abstract class TutorTestBase extends PlatformTest {

    @Autowired
    CatalogImporter catalog;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    MeterRegistry meters;

    /** The platform's tutor service, answering through {@code model}. */
    TutorService service(TutorModel model, Duration timeout) {
        return FakeTutors.service(context, model, timeout);
    }

    CatalogImporter.ChallengeFile challenge(String id) {
        return catalog.readChallenges().stream().filter(c -> c.content().challengeId().equals(id)).findFirst()
                .orElseThrow();
    }

    /** Submits {@code code} to fizzbuzz and waits until it is judged failed. */
    void failFizzbuzz(Learner learner, String code) {
        Api.Response submitted = api.post("/api/challenges/fizzbuzz/submissions", learner.token(), Map.of("code", code));
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(202);
        String submission = submitted.json().get("submissionId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/submissions/" + submission, learner.token())
                .json().get("status").asString().equals("failed"));
    }
}
