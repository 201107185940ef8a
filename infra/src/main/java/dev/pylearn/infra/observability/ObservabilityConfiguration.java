package dev.pylearn.infra.observability;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TrackingSettings.class, MonitorSettings.class})
class ObservabilityConfiguration {
}
