package dev.pylearn.infra;

import org.axonframework.springboot.autoconfig.JpaAutoConfiguration;
import org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The composition root: assembles the roles of {@code PYLEARN_ROLES} (all by default) into one
 * process; which modules' beans that takes is decided in one place, RoleWiring. Events are stored
 * through Axon's JDBC engine in PostgreSQL (its JPA engine is excluded), and Flyway owns every table.
 */
@SpringBootApplication(scanBasePackages = "dev.pylearn.infra",
        exclude = {JpaAutoConfiguration.class, JpaEventStoreAutoConfiguration.class})
public class PyLearnApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("projections")) {
            // ops from the command line: a client of a running node's admin API, no server of its own
            dev.pylearn.operations.ProjectionsCli.main(args);
            return;
        }
        // a learning platform does not phone home: Axon's usage reporter stays off
        System.setProperty("axoniq.update-checker.disabled",
                System.getProperty("axoniq.update-checker.disabled", "true"));
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(PyLearnApplication.class, args);
    }
}
