package dev.pylearn.infra.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The four role modules speak to each other only through shared-api messages, so each can run in
 * its own process. Maven already keeps them apart at compile time; this keeps it so at the class
 * level too, whatever a future pom says.
 */
@AnalyzeClasses(packages = "dev.pylearn", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    private static final String COMMAND = "dev.pylearn.command..";
    private static final String QUERY = "dev.pylearn.query..";
    private static final String PROJECTIONS = "dev.pylearn.projections..";
    private static final String WORKER = "dev.pylearn.worker..";

    @ArchTest
    static final ArchRule commandSideStandsAlone = noClasses().that().resideInAPackage(COMMAND)
            .should().dependOnClassesThat().resideInAnyPackage(QUERY, PROJECTIONS, WORKER, "dev.pylearn.infra..");

    @ArchTest
    static final ArchRule querySideStandsAlone = noClasses().that().resideInAPackage(QUERY)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, PROJECTIONS, WORKER, "dev.pylearn.infra..");

    @ArchTest
    static final ArchRule projectionsStandAlone = noClasses().that().resideInAPackage(PROJECTIONS)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, WORKER, "dev.pylearn.infra..");

    @ArchTest
    static final ArchRule workerStandsAlone = noClasses().that().resideInAPackage(WORKER)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, PROJECTIONS, "dev.pylearn.infra..");

    @ArchTest
    static final ArchRule sharedApiDependsOnNoRole = noClasses().that().resideInAPackage("dev.pylearn.api..")
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, PROJECTIONS, WORKER,
                    "dev.pylearn.infra..");

    @ArchTest
    static final ArchRule sharedApiHasNoSpring = noClasses().that().resideInAPackage("dev.pylearn.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..");
}
