package dev.pylearn.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.PyLearnApplication;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the log shows of the secrets: a database URL that carries a password is never logged with
 * it, and the generated admin password is shown at the start that created the account, once, and
 * never at a later start.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsTest {

    private static final String URL_SECRET = "url-secret-" + UUID.randomUUID();
    private static final Pattern GENERATED = Pattern.compile("username 'admin', password '([^']+)'");

    @Test
    void noDatabasePasswordInTheLogAndTheAdminPasswordOnlyOnce(CapturedOutput output) throws Exception {
        TestServices.Database database = TestServices.database();
        String name = "pylearn_secrets_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
                database.password())) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        }
        int slash = database.url().lastIndexOf('/');
        // the test server trusts local connections, so the password in the URL is not needed to log in
        String url = database.url().substring(0, slash + 1) + name + "?user=" + database.username() + "&password="
                + URL_SECRET;
        String password;
        try (ConfigurableApplicationContext app = start(url)) {
            Matcher generated = GENERATED.matcher(output.getAll());
            assertThat(generated.find()).as("the generated admin password is shown").isTrue();
            password = generated.group(1);
            assertThat(output.getAll().split(Pattern.quote(password), -1)).hasSize(2);
            Api.Response login = new Api(port(app)).post("/api/auth/login", null,
                    Map.of("username", "admin", "password", password));
            assertThat(login.status()).as(login.text()).isEqualTo(200);
        }
        int before = output.getAll().length();
        try (ConfigurableApplicationContext app = start(url)) {
            String second = output.getAll().substring(before);
            assertThat(second).contains("Admin account 'admin' exists").doesNotContain(password);
        }
        assertThat(output.getAll()).contains("PyLearn is ready").doesNotContain(URL_SECRET);
        try (Connection connection = DriverManager.getConnection(database.url(), database.username(),
                database.password())) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static ConfigurableApplicationContext start(String url) {
        return SpringApplication.run(PyLearnApplication.class,
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=",
                "--pylearn.redis.url=",
                "--axoniq.update-checker.disabled=true");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
