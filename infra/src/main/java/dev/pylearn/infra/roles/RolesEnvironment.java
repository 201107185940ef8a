package dev.pylearn.infra.roles;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A node that serves nobody outside (worker and projections nodes without web, api or operations)
 * listens only on its management port ({@code PYLEARN_MANAGEMENT_PORT}, 8081 by default), with
 * health and metrics and nothing else: no controllers are scanned (RoleWiring), and here the static
 * files and the OpenAPI document are switched off too. Runs after the configuration files are read,
 * so command-line arguments and environment variables decide the roles.
 */
class RolesEnvironment implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Roles roles = Roles.from(environment);
        if (roles.servesPublicHttp()) {
            return;
        }
        Map<String, Object> internalOnly = new HashMap<>();
        internalOnly.put("server.port", environment.getProperty("pylearn.management-port", "8081"));
        internalOnly.put("spring.web.resources.add-mappings", "false");
        internalOnly.put("springdoc.api-docs.enabled", "false");
        internalOnly.put("springdoc.swagger-ui.enabled", "false");
        environment.getPropertySources().addFirst(new MapPropertySource("pylearn-roles", internalOnly));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
