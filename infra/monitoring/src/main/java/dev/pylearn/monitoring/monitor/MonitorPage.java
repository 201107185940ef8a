package dev.pylearn.monitoring.monitor;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code /admin/monitor}: a static page served from the jar (Chart.js included, no CDN). It holds no
 * data itself: it asks for an admin log-in, keeps the token in the tab's sessionStorage and reads
 * {@code /api/admin/monitor} with it, so the page's data is as protected as the API.
 */
@Configuration(proxyBeanMethods = false)
class MonitorPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/admin/monitor").setViewName("forward:/admin/monitor.html");
    }
}
