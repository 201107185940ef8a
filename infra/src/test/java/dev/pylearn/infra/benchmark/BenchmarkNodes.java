package dev.pylearn.infra.benchmark;

import dev.pylearn.infra.PyLearnApplication;
import dev.pylearn.infra.support.TestServices;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the whole application for a benchmark, on a free port, against the test PostgreSQL and Redis. */
final class BenchmarkNodes {

    private BenchmarkNodes() {
    }

    /** A node on {@code db} with the admin password {@code adminPassword} and any further arguments. */
    static ConfigurableApplicationContext start(TestServices.Database db, String adminPassword, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                "--pylearn.redis.url=" + TestServices.redisUrl(), "--spring.data.redis.url=" + TestServices.redisUrl(),
                "--pylearn.cache.key-prefix=" + TestServices.redisKeyPrefix(),
                "--pylearn.admin.password=" + adminPassword, "--axoniq.update-checker.disabled=true"));
        args.addAll(List.of(more));
        return SpringApplication.run(PyLearnApplication.class, args.toArray(String[]::new));
    }
}
