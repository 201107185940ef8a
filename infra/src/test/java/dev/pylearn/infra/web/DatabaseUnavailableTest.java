package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * What an API client is told when PostgreSQL goes away under a request (the drill's restart): a 503 it
 * may retry, not a 500 that reads as a bug. The failures are those the drill's restart produced.
 */
class DatabaseUnavailableTest {

    private final ProblemHandlers handlers = new ProblemHandlers(null);

    @Test
    void aConnectionTerminatedByARestartUnderACommandIsA503WithRetryAfter() {
        // Axon loading the learner when PostgreSQL terminated the connection (SQL state 57P01)
        ResponseEntity<?> response = handlers.unexpected(new EventStoreException("Failed to read events for aggregate",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")), api());

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        ProblemDetail problem = (ProblemDetail) response.getBody();
        assertThat(problem.getType().toString()).endsWith("database-unavailable");
        assertThat(problem.getDetail()).contains("nothing was changed");
    }

    @Test
    void aClosedConnectionOrAnEmptyPoolIsA503Too() {
        assertThat(handlers.unexpected(new RuntimeException(new SQLException("This connection has been closed.", "08003")),
                api()).getStatusCode().value()).isEqualTo(503);
        assertThat(handlers.unexpected(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")), api())
                .getStatusCode().value()).isEqualTo(503);
    }

    @Test
    void anyOtherFailureIsStillA500() {
        assertThat(handlers.unexpected(new IllegalStateException("a bug"), api()).getStatusCode().value()).isEqualTo(500);
        // a statement PostgreSQL refused for what it says (here a unique key) is not an outage
        assertThat(handlers.unexpected(new RuntimeException(new SQLException("duplicate key", "23505")), api())
                .getStatusCode().value()).isEqualTo(500);
    }

    private static MockHttpServletRequest api() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/me");
        request.addHeader(HttpHeaders.ACCEPT, "application/json");
        return request;
    }
}
