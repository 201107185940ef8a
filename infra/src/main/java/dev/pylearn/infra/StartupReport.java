package dev.pylearn.infra;

import dev.pylearn.infra.database.DatabaseDescription;
import dev.pylearn.infra.roles.Roles;
import dev.pylearn.worker.sandbox.CodeRunnerCanary;
import dev.pylearn.infra.database.JdbcUrls;
import dev.pylearn.worker.sandbox.CodeRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cache.CacheManager;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says, once ready, where PyLearn listens, which database, cache and code runner it uses, and whether the runner works. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final ObjectProvider<DatabaseDescription> embedded;
    private final CacheManager caches;
    private final String databaseUrl;
    private final ObjectProvider<CodeRunnerCanary> codeRunner;
    private final Roles roles;

    StartupReport(ObjectProvider<DatabaseDescription> embedded, CacheManager caches,
                  @Value("${spring.datasource.url:}") String databaseUrl, ObjectProvider<CodeRunnerCanary> codeRunner,
                  Roles roles) {
        this.embedded = embedded;
        this.codeRunner = codeRunner;
        this.roles = roles;
        this.caches = caches;
        this.databaseUrl = databaseUrl;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : -1;
        DatabaseDescription description = embedded.getIfAvailable();
        String database = description != null ? description.text() : "PostgreSQL at " + JdbcUrls.redact(databaseUrl);
        String cache = caches instanceof org.springframework.data.redis.cache.RedisCacheManager
                ? "Redis (" + caches.getClass().getSimpleName() + ")" : "in-process";
        CodeRunnerCanary canary = codeRunner.getIfAvailable();
        String runner = canary == null ? "none (no worker role)" : canary.runner();
        String runnerState = canary == null ? "" : canary.current().up() ? "canary passed"
                : "CANARY FAILED: " + canary.current().detail();
        log.info("""

                  PyLearn is ready at http://localhost:{}/
                    roles:       {}{}
                    database:    {}
                    cache:       {}
                    code runner: {}
                                 {}
                    health:      http://localhost:{}/actuator/health""", port, roles,
                roles.servesPublicHttp() ? "" : " (management port only: health and metrics)", database, cache, runner,
                runnerState, port);
    }
}
