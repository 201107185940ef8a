package dev.pylearn.operations;

import dev.pylearn.api.Rejection;
import dev.pylearn.projections.support.ReadModel;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The projections operations can act on: every streaming processor, and for those whose handler
 * declares its {@link ReadModel}, the tables and caches a rebuild swaps.
 */
@Component
class ProjectionRegistry {

    /** A projection's handler bean and what it owns. */
    record Handler(Object bean, Class<?> type, ReadModel readModel) {
    }

    private final EventProcessingConfiguration processing;
    private final ApplicationContext context;
    private volatile Map<String, Handler> handlers;

    ProjectionRegistry(EventProcessingConfiguration processing, ApplicationContext context) {
        this.processing = processing;
        this.context = context;
    }

    Map<String, StreamingEventProcessor> processors() {
        Map<String, StreamingEventProcessor> found = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                found.put(name, streaming);
            }
        });
        return found;
    }

    StreamingEventProcessor processor(String name) {
        return Optional.ofNullable(processors().get(name)).orElseThrow(() -> Rejection.notFound("unknown-projection",
                "No projection named '" + name + "'; GET /api/admin/projections lists them."));
    }

    Optional<Handler> handler(String name) {
        if (handlers == null) {
            Map<String, Handler> found = new TreeMap<>();
            context.getBeansWithAnnotation(ProcessingGroup.class).values().forEach(bean -> {
                Class<?> type = AopUtils.getTargetClass(bean);
                ProcessingGroup group = type.getAnnotation(ProcessingGroup.class);
                if (group != null) {
                    found.put(group.value(), new Handler(bean, type, type.getAnnotation(ReadModel.class)));
                }
            });
            handlers = found;
        }
        return Optional.ofNullable(handlers.get(name));
    }
}
