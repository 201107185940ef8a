package dev.pylearn.monitoring.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TrackingSettings.class, MonitorSettings.class})
class ObservabilityConfiguration {

    /**
     * Every event processor counts what it takes in; nothing else is measured per message (see
     * ProcessedEventsMonitor, which replaces axon-micrometer).
     */
    @Bean
    ConfigurerModule processedEventsMonitors(MeterRegistry registry) {
        return configurer -> configurer.configureMessageMonitor(configuration -> (component, name) ->
                EventProcessor.class.isAssignableFrom(component)
                        ? new ProcessedEventsMonitor(registry, name)
                        : NoOpMessageMonitor.instance());
    }

    /** What each handler batch costs in SQL (statements, time, N+1), like each HTTP request. */
    @Autowired
    void trackHandlerBatches(EventProcessingConfigurer processing, QueryTracker tracker) {
        processing.registerDefaultHandlerInterceptor((configuration, name) -> new HandlerBatchTracking(tracker, name));
    }
}
