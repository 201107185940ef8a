package dev.pylearn.infra.roles;

import dev.pylearn.projections.support.ReadModelPush;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import dev.pylearn.web.admin.ProjectionBoard;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;

/**
 * Which modules' beans a node holds, by role. The modules know nothing of roles; the composition
 * root picks what to scan:
 * <ul>
 * <li>always: the command and query sides without their controllers (every node handles the commands
 *     it sends and answers the queries it asks, see {@link Roles}), the pages' shared parts (error pages,
 *     layouts) without their controllers, and monitoring without its controller;</li>
 * <li>{@code api}: the command and query sides' controllers and the admin monitor API;</li>
 * <li>{@code web}: the pages' controllers (and the admin monitor, also a page);</li>
 * <li>{@code projections}, {@code worker}, {@code operations}: the whole module, event processors
 *     included: a node without the role registers no processor of that module, so it neither claims
 *     segments nor reads the event stream for them.</li>
 * </ul>
 * One piece of the projections module is on every node: {@link ReadModelPush}, which hears the other
 * nodes' committed batches. A node without projections needs it most: its near caches drop what another
 * node's projection changed, and its read-your-writes waits are released, only through it (without it an
 * API-only node released a write on the poll and then read its own near cache's older entry).
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackages = {"dev.pylearn.command", "dev.pylearn.query", "dev.pylearn.web", "dev.pylearn.monitoring"},
        excludeFilters = @Filter(Controller.class))
@Import(ReadModelPush.class)
class RoleWiring {

    /** The roles, as a bean for whoever reports them (start-up report, tests). */
    @Bean
    Roles roles(Environment environment) {
        return Roles.from(environment);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Roles.Role.API)
    @ComponentScan(basePackages = {"dev.pylearn.command", "dev.pylearn.query"}, useDefaultFilters = false,
            includeFilters = @Filter(Controller.class))
    static class Api {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Roles.Role.WEB)
    @ComponentScan(basePackages = "dev.pylearn.web", useDefaultFilters = false, includeFilters = @Filter(Controller.class))
    static class Web {
    }

    /** The admin monitor (its API and page) wherever an admin can reach this node. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole({Roles.Role.API, Roles.Role.WEB, Roles.Role.OPERATIONS})
    @ComponentScan(basePackages = "dev.pylearn.monitoring", useDefaultFilters = false,
            includeFilters = @Filter(Controller.class))
    static class Monitor {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Roles.Role.PROJECTIONS)
    @ComponentScan(basePackages = "dev.pylearn.projections",
            excludeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ReadModelPush.class))
    static class Projections {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Roles.Role.WORKER)
    @ComponentScan("dev.pylearn.worker")
    static class Worker {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(Roles.Role.OPERATIONS)
    @ComponentScan("dev.pylearn.operations")
    static class Operations {
    }

    /**
     * A pages node without operations: the admin projections page has nothing of this node's to list
     * (projections are operated on the nodes that run them; their API is /api/admin/projections there).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnRole(value = Roles.Role.OPERATIONS, present = false)
    static class NoOperations {

        @Bean
        ProjectionBoard projectionBoard() {
            return List::of;
        }
    }
}
