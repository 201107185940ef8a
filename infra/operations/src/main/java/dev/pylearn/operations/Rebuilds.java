package dev.pylearn.operations;

import com.zaxxer.hikari.HikariDataSource;
import dev.pylearn.api.Rejection;
import dev.pylearn.projections.cache.CacheEvictions;
import dev.pylearn.projections.leaderboard.RedisLeaderboards;
import dev.pylearn.projections.support.DiscardedEventResults;
import dev.pylearn.projections.support.ReadModel;
import java.lang.reflect.Constructor;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Blue-green rebuilds. The new version of a projection's tables is built in a schema of its own
 * ({@code rebuild_<projection>}, tables created {@code LIKE} the serving ones, so after a Flyway
 * migration they have the new shape) by a second tracking processor ({@code <projection>@rebuild})
 * running a fresh instance of the same handler class from the start of the event stream. Its
 * connections (from the shared pool) have that schema as their search path, so the handlers'
 * unqualified table names land in the new tables and nothing in the projection code knows about
 * versions; its tokens are written on the same connections, in the same transactions. It pushes
 * no read-your-writes updates, evicts no cache entries and writes nothing to Redis.
 *
 * <p>Meanwhile the serving version keeps serving and keeps applying live events. Once the new
 * version has caught up, the switch: stop the serving processor on every node, let the new version
 * reach at least the serving one's position, then in one transaction move the serving tables out
 * and the new ones into {@code public}, hand the new version's tokens to the projection's
 * processor, and drop the old tables. Readers take the new tables from the next statement on (the
 * DDL holds their table lock for milliseconds; queries name their columns, so cached plans are
 * simply re-planned). Caches of the projection are cleared, Redis boards reloaded, and the
 * processor starts again on every node. Readers never fail and see data at most as old as the
 * short pause.
 *
 * <p>The new version runs on the node that started the rebuild; if that node dies, the status says
 * so and the rebuild is cancelled and started again.
 */
@Component
class Rebuilds {

    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
    static final String SUFFIX = "@rebuild";
    /** Phases of a rebuild in flight: building, caught up and waiting for a manual switch, switch asked, switching. */
    static final String ACTIVE = "('running', 'ready', 'switch-requested', 'switching')";
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate transactions;
    private final DataSource dataSource;
    private final Serializer serializer;
    private final TokenSchema tokenSchema;
    private final ProjectionRegistry registry;
    private final ProjectionControl control;
    private final ProjectionOperations operations;
    private final Tokens tokens;
    private final EventProcessingConfiguration processing;
    private final Configuration axon;
    private final EventStore eventStore;
    private final ApplicationContext context;
    private final CacheManager caches;
    private final RedisLeaderboards redisLeaderboards;
    private final int batchSize;
    private final Map<String, TrackingEventProcessor> shadows = new ConcurrentHashMap<>();
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final ExecutorService switcher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "projection-switch");
        thread.setDaemon(true);
        return thread;
    });

    Rebuilds(JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager,
             DataSource dataSource, Serializer serializer, TokenSchema tokenSchema, ProjectionRegistry registry, ProjectionControl control,
             ProjectionOperations operations, Tokens tokens, EventProcessingConfiguration processing,
             Configuration axon, EventStore eventStore, ApplicationContext context,
             CacheManager caches, RedisLeaderboards redisLeaderboards,
             @Value("${pylearn.projections.rebuild-batch-size:500}") int batchSize) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.transactions = new TransactionTemplate(transactionManager);
        this.dataSource = dataSource;
        this.serializer = serializer;
        this.tokenSchema = tokenSchema;
        this.registry = registry;
        this.control = control;
        this.operations = operations;
        this.tokens = tokens;
        this.processing = processing;
        this.axon = axon;
        this.eventStore = eventStore;
        this.context = context;
        this.caches = caches;
        this.redisLeaderboards = redisLeaderboards;
        this.batchSize = batchSize;
    }

    static String shadowName(String projection) {
        return projection + SUFFIX;
    }

    static String schemaOf(String projection) {
        return "rebuild_" + projection.toLowerCase().replaceAll("[^a-z0-9]", "_");
    }

    ProjectionStatus start(String name, boolean manualSwitch) {
        var processor = registry.processor(name);
        ReadModel readModel = registry.handler(name).map(ProjectionRegistry.Handler::readModel).orElse(null);
        if (!processor.supportsReset() || readModel == null) {
            throw new Rejection(Rejection.Kind.CONFLICT, "rebuild-not-allowed", "Rebuild not allowed",
                    "'" + name + "' keeps no read-model tables that could be rebuilt, or has side effects that "
                            + "must never run twice.");
        }
        if (tokens.of(name).stream().anyMatch(Tokens.Row::replaying)) {
            throw new Rejection(Rejection.Kind.CONFLICT, "operation-in-progress", "Operation in progress",
                    "'" + name + "' is replaying; rebuild it once the replay has finished.");
        }
        jdbc.sql("INSERT INTO projection_control (projection) VALUES (?) ON CONFLICT DO NOTHING").param(name).update();
        int claimed = jdbc.sql("""
                        UPDATE projection_control SET operation = 'rebuild', phase = 'running', node = ?,
                            started_at = now(), finished_at = NULL, events = NULL, detail = NULL, manual_switch = ?,
                            updated_at = now()
                        WHERE projection = ? AND (operation IS DISTINCT FROM 'rebuild' OR phase IS NULL
                                                  OR phase NOT IN """ + ACTIVE + ")")
                .params(control.node(), manualSwitch, name).update();
        if (claimed == 0) {
            operations.refuseWhileBusy(name);
            throw new Rejection(Rejection.Kind.CONFLICT, "operation-in-progress", "Operation in progress",
                    "Another operation on '" + name + "' has just started; try again.");
        }
        String schema = schemaOf(name);
        String shadow = shadowName(name);
        transactions.executeWithoutResult(status -> {
            jdbcTemplate.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            jdbcTemplate.execute("CREATE SCHEMA " + schema);
            for (String table : readModel.tables()) {
                jdbcTemplate.execute("CREATE TABLE " + schema + "." + table + " (LIKE public." + table
                        + " INCLUDING ALL)");
            }
            jdbc.sql("DELETE FROM token_entry WHERE processor_name = ?").param(shadow).update();
        });
        int segments = (int) Math.max(1, tokens.of(name).size());
        TrackingEventProcessor processor2 = shadowProcessor(name, schema, segments);
        shadows.put(name, processor2);
        processor2.start();
        log.info("Rebuild of '{}' started: new version in schema {} ({} segment(s))", name, schema, segments);
        return operations.status(name);
    }

    /** For a rebuild started with a manual switch: switch now that the new version has caught up. */
    ProjectionStatus switchNow(String name) {
        registry.processor(name);
        int asked = jdbc.sql("""
                        UPDATE projection_control SET phase = 'switch-requested', updated_at = now()
                        WHERE projection = ? AND operation = 'rebuild' AND phase = 'ready'""")
                .param(name).update();
        if (asked == 0) {
            throw new Rejection(Rejection.Kind.CONFLICT, "rebuild-not-ready", "Rebuild not ready",
                    "No rebuild of '" + name + "' is waiting for a switch: none is in progress, its new version "
                            + "has not caught up yet, or it switches by itself.");
        }
        monitor();
        return operations.status(name);
    }

    ProjectionStatus cancel(String name) {
        registry.processor(name);
        int canceled = jdbc.sql("""
                        UPDATE projection_control SET phase = 'canceled', finished_at = now(), updated_at = now()
                        WHERE projection = ? AND operation = 'rebuild' AND phase IN ('running', 'ready')""")
                .param(name).update();
        if (canceled == 0) {
            String phase = jdbc.sql("SELECT phase FROM projection_control WHERE projection = ? AND operation = 'rebuild'")
                    .param(name).query(String.class).optional().orElse(null);
            boolean switching = "switching".equals(phase) || "switch-requested".equals(phase);
            throw new Rejection(Rejection.Kind.CONFLICT, switching ? "rebuild-switching" : "no-rebuild",
                    "Nothing to cancel", switching
                            ? "The rebuild of '" + name + "' is switching over and can no longer be cancelled."
                            : "No rebuild of '" + name + "' is in progress.");
        }
        stopShadow(name);
        dropShadow(name);
        log.info("Rebuild of '{}' cancelled", name);
        return operations.status(name);
    }

    /** Notices new versions that have caught up (and rebuilds cancelled from another node). */
    @Scheduled(fixedDelayString = "${pylearn.projections.monitor-interval:1s}")
    synchronized void monitor() {
        for (var entry : shadows.entrySet()) {
            String name = entry.getKey();
            TrackingEventProcessor shadow = entry.getValue();
            Map<String, Object> row = jdbc.sql("SELECT phase, manual_switch FROM projection_control "
                            + "WHERE projection = ? AND operation = 'rebuild'")
                    .param(name).query().listOfRows().stream().findFirst().orElse(Map.of());
            String phase = (String) row.get("phase");
            if ("switch-requested".equals(phase)) {
                switchOnce(name, shadow, "switch-requested");
                continue;
            }
            if (!"running".equals(phase)) {
                if (!"switching".equals(phase) && !"ready".equals(phase)) {
                    stopShadow(name);
                }
                continue;
            }
            Map<Integer, EventTrackerStatus> status = shadow.processingStatus();
            boolean caughtUp = !status.isEmpty() && status.size() == tokens.of(shadowName(name)).size()
                    && status.values().stream().allMatch(s -> s.isCaughtUp() && !s.isErrorState());
            if (!caughtUp) {
                continue;
            }
            if (Boolean.TRUE.equals(row.get("manual_switch"))) {
                // keeps applying live events while it waits for POST .../rebuild/switch
                jdbc.sql("UPDATE projection_control SET phase = 'ready', updated_at = now() "
                        + "WHERE projection = ? AND operation = 'rebuild' AND phase = 'running'").param(name).update();
                log.info("Rebuild of '{}' has caught up and waits for the switch", name);
            } else {
                switchOnce(name, shadow, "running");
            }
        }
    }

    private void switchOnce(String name, TrackingEventProcessor shadow, String fromPhase) {
        if (jdbc.sql("UPDATE projection_control SET phase = 'switching', updated_at = now() "
                + "WHERE projection = ? AND operation = 'rebuild' AND phase = ?").params(name, fromPhase).update() == 1) {
            switcher.submit(() -> switchOver(name, shadow));
        }
    }

    private void switchOver(String name, TrackingEventProcessor shadow) {
        try {
            control.desire(name, ProjectionControl.PAUSED);
            if (!control.awaitReleased(name, RELEASE_TIMEOUT)) {
                backToBuilding(name, "a node did not release '" + name + "'; the switch will be tried again");
                return;
            }
            // the serving version is frozen now; the new one must have applied at least as much
            Long target = Tokens.position(tokens.of(name));
            Instant deadline = Instant.now().plus(CATCH_UP_TIMEOUT);
            while (target != null && positionOf(shadowName(name)) < target) {
                if (Instant.now().isAfter(deadline)) {
                    backToBuilding(name, "the new version did not reach the serving one in time; will try again");
                    return;
                }
                ProjectionControl.sleep(50);
            }
            stopShadow(name);
            ReadModel readModel = registry.handler(name).orElseThrow().readModel();
            String schema = schemaOf(name);
            String retired = "retired_" + schema.substring("rebuild_".length());
            long events = positionOf(shadowName(name)) + 1;
            transactions.executeWithoutResult(status -> {
                // views (the analyst schema) are bound to tables, not names: drop and re-create them
                java.util.List<DependentView> views = dependentViews(readModel.tables());
                for (DependentView view : views) {
                    jdbcTemplate.execute("DROP VIEW IF EXISTS " + view.name());
                }
                jdbcTemplate.execute("DROP SCHEMA IF EXISTS " + retired + " CASCADE");
                jdbcTemplate.execute("CREATE SCHEMA " + retired);
                for (String table : readModel.tables()) {
                    jdbcTemplate.execute("ALTER TABLE public." + table + " SET SCHEMA " + retired);
                    jdbcTemplate.execute("ALTER TABLE " + schema + "." + table + " SET SCHEMA public");
                }
                jdbc.sql("DELETE FROM token_entry WHERE processor_name = ?").param(name).update();
                jdbc.sql("UPDATE token_entry SET processor_name = ?, owner = NULL WHERE processor_name = ?")
                        .params(name, shadowName(name)).update();
                // the new version applied every event the old one had parked
                jdbc.sql("DELETE FROM dead_letter_entry WHERE processing_group = ?").param(name).update();
                jdbcTemplate.execute("DROP SCHEMA " + retired + " CASCADE");
                jdbcTemplate.execute("DROP SCHEMA " + schema + " CASCADE");
                for (DependentView view : views) {
                    view.recreate(jdbcTemplate);
                }
                jdbc.sql("""
                                UPDATE projection_control SET phase = 'finished', finished_at = now(), events = ?,
                                    detail = NULL, updated_at = now()
                                WHERE projection = ?""")
                        .params(events, name).update();
            });
            for (String cacheName : readModel.caches()) {
                Cache cache = caches.getCache(cacheName);
                if (cache != null) {
                    try {
                        cache.clear();
                    } catch (RuntimeException e) {
                        log.warn("Could not clear cache {} after the switch: {}", cacheName, e.getMessage());
                    }
                }
            }
            if (java.util.Arrays.asList(readModel.tables()).contains("leaderboard_global")) {
                redisLeaderboards.rebuildFromDatabase();
            }
            log.info("Rebuild of '{}' switched in: {} events applied by the new version", name, events);
        } catch (RuntimeException e) {
            log.error("Switching the rebuild of '{}' failed; the serving version stays", name, e);
            stopShadow(name);
            jdbc.sql("UPDATE projection_control SET phase = 'failed', finished_at = now(), detail = ?, "
                    + "updated_at = now() WHERE projection = ?").params(String.valueOf(e.getMessage()), name).update();
            dropShadow(name);
        } finally {
            control.desire(name, ProjectionControl.RUNNING);
        }
    }

    /** A view over a read model's tables: its definition, comment and grants, to re-create it. */
    private record DependentView(String name, String definition, String comment, java.util.List<String> grants) {
        void recreate(JdbcTemplate jdbc) {
            jdbc.execute("CREATE VIEW " + name + " AS " + definition);
            if (comment != null) {
                jdbc.update("COMMENT ON VIEW " + name + " IS " + quote(comment));
            }
            grants.forEach(jdbc::execute);
        }

        private static String quote(String text) {
            return "'" + text.replace("'", "''") + "'";
        }
    }

    /** Views that read the tables (views over these views are not supported: the analyst views read tables). */
    private java.util.List<DependentView> dependentViews(String[] tables) {
        return jdbc.sql("""
                        SELECT DISTINCT v.oid, format('%I.%I', n.nspname, v.relname) AS name,
                               pg_get_viewdef(v.oid) AS definition, obj_description(v.oid, 'pg_class') AS comment
                        FROM pg_depend d
                        JOIN pg_rewrite r ON r.oid = d.objid
                        JOIN pg_class v ON v.oid = r.ev_class
                        JOIN pg_namespace n ON n.oid = v.relnamespace
                        WHERE v.relkind = 'v' AND d.refobjid <> v.oid
                          AND d.refobjid IN (SELECT to_regclass('public.' || t) FROM unnest(CAST(? AS text[])) t)
                        ORDER BY v.oid""")
                .param(tables)
                .query((rs, n) -> new DependentView(rs.getString("name"), rs.getString("definition"),
                        rs.getString("comment"), grants(rs.getLong("oid"), rs.getString("name"))))
                .list();
    }

    private java.util.List<String> grants(long view, String name) {
        return jdbc.sql("""
                        SELECT format('GRANT %s ON %s TO %I', a.privilege_type, CAST(? AS text), r.rolname)
                        FROM pg_class c, aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee
                        WHERE c.oid = ? AND a.grantee <> c.relowner""")
                .params(name, view)
                .query(String.class).list();
    }

    private void backToBuilding(String name, String detail) {
        log.warn("Rebuild of '{}': {}", name, detail);
        // a manual rebuild goes back to waiting for its switch, an automatic one tries again when caught up
        jdbc.sql("UPDATE projection_control SET phase = CASE WHEN manual_switch THEN 'ready' ELSE 'running' END, "
                        + "detail = ?, updated_at = now() WHERE projection = ?")
                .params(detail, name).update();
    }

    private long positionOf(String processor) {
        Long position = Tokens.position(tokens.of(processor));
        return position == null ? -1 : position;
    }

    private void stopShadow(String name) {
        TrackingEventProcessor shadow = shadows.remove(name);
        if (shadow != null) {
            shadow.shutdownAsync().join();
        }
        HikariDataSource pool = pools.remove(name);
        if (pool != null) {
            pool.close();
        }
    }

    private void dropShadow(String name) {
        transactions.executeWithoutResult(status -> {
            jdbcTemplate.execute("DROP SCHEMA IF EXISTS " + schemaOf(name) + " CASCADE");
            jdbc.sql("DELETE FROM token_entry WHERE processor_name = ?").param(shadowName(name)).update();
        });
    }

    private TrackingEventProcessor shadowProcessor(String name, String schema, int segments) {
        ProjectionRegistry.Handler handler = registry.handler(name).orElseThrow();
        DataSource versioned = versionedPool(name, schema, segments);
        JdbcClient versionedJdbc = JdbcClient.create(versioned);
        Object instance = newVersionOf(handler.type(), versioned, versionedJdbc);
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(shadowName(name))
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(new AnnotationEventHandlerAdapter(instance, axon.parameterResolverFactory(),
                                axon.handlerDefinition(handler.type())))
                        .sequencingPolicy(processing.sequencingPolicy(name))
                        // the builder's default logs a failing handler and moves on: the new version would
                        // be switched in without that event. Propagating, the new version stops there and
                        // retries (its status shows the error) until the handler applies it or the rebuild
                        // is cancelled.
                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                        .build())
                .messageSource(eventStore)
                // tokens and rows of a batch commit together, on the same connection
                .tokenStore(JdbcTokenStore.builder()
                        .connectionProvider(new SpringDataSourceConnectionProvider(versioned))
                        .schema(tokenSchema)
                        .serializer(serializer)
                        .nodeId(control.node())
                        .build())
                .transactionManager(new SpringTransactionManager(new DataSourceTransactionManager(versioned)))
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                        .forParallelProcessing(segments)
                        .andInitialSegmentsCount(segments)
                        .andBatchSize(batchSize)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .build();
        processor.registerHandlerInterceptor(DiscardedEventResults.INSTANCE);
        return processor;
    }

    /**
     * A small pool of the new version's own, whose connections have its schema first on the search
     * path (public after it, for the token table). A pool of its own, not connections borrowed from
     * the application's: a search path must never leak into connections that serve live work.
     */
    private DataSource versionedPool(String name, String schema, int segments) {
        HikariDataSource main;
        try {
            main = dataSource.unwrap(HikariDataSource.class);
        } catch (SQLException e) {
            throw new IllegalStateException("rebuilds need the application's HikariCP pool", e);
        }
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("rebuild-" + name);
        pool.setJdbcUrl(main.getJdbcUrl());
        pool.setUsername(main.getUsername());
        pool.setPassword(main.getPassword());
        pool.setMaximumPoolSize(segments + 1);
        pool.setMinimumIdle(0);
        pool.setConnectionInitSql("SET search_path TO " + schema + ", public");
        HikariDataSource previous = pools.put(name, pool);
        if (previous != null) {
            previous.close();
        }
        return pool;
    }

    /**
     * A fresh instance of the projection's handler class with the same collaborators as the serving
     * one, except those that would reach beyond its own tables: read-your-writes pushes, cache
     * evictions and Redis writes.
     */
    private Object newVersionOf(Class<?> type, DataSource versioned, JdbcClient versionedJdbc) {
        Constructor<?> constructor = type.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Class<?>[] parameters = constructor.getParameterTypes();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Class<?> parameter = parameters[i];
            if (parameter == JdbcClient.class) {
                arguments[i] = versionedJdbc;
            } else if (parameter == JdbcTemplate.class) {
                arguments[i] = new JdbcTemplate(versioned);
            } else if (parameter == CacheEvictions.class) {
                arguments[i] = CacheEvictions.disabled();
            } else if (parameter == QueryUpdateEmitter.class) {
                arguments[i] = SimpleQueryUpdateEmitter.builder().build();
            } else if (parameter == RedisLeaderboards.class) {
                arguments[i] = RedisLeaderboards.disabled(versionedJdbc, context.getBean(Clock.class));
            } else {
                arguments[i] = context.getBean(parameter);
            }
        }
        try {
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot make a new version of " + type.getName(), e);
        }
    }

}
