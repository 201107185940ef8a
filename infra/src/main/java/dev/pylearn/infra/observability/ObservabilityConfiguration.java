package dev.pylearn.infra.observability;

import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TrackingSettings.class, MonitorSettings.class})
class ObservabilityConfiguration {

    /**
     * axon-micrometer's dimensional meters carry the event's payload type: a timer with six quantiles
     * per processor and event type, thousands of series that no panel or alert reads. Per processor
     * (and per command or query bus) is what the dashboard and the lag and throughput rules use.
     */
    @Bean
    MeterFilter axonPerProcessorOnly() {
        return MeterFilter.ignoreTags("payloadType");
    }
}
