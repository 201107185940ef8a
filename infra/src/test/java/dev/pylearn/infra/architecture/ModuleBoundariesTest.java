package dev.pylearn.infra.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Every arrow between modules points one way, so each role can run in its own process. The four
 * role modules speak to each other only through shared-api messages; the nested infra modules (web,
 * operations, monitoring) use the role modules they name and never each other's insides the other
 * way round; nothing but the composition root ({@code dev.pylearn.infra}) sees the whole. Maven
 * already keeps the modules apart at compile time; this keeps it so at the class level too, whatever
 * a future pom says.
 */
@AnalyzeClasses(packages = "dev.pylearn", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    private static final String COMMAND = "dev.pylearn.command..";
    private static final String QUERY = "dev.pylearn.query..";
    private static final String PROJECTIONS = "dev.pylearn.projections..";
    private static final String WORKER = "dev.pylearn.worker..";
    private static final String WEB = "dev.pylearn.web..";
    private static final String OPERATIONS = "dev.pylearn.operations..";
    private static final String MONITORING = "dev.pylearn.monitoring..";
    private static final String COMPOSITION_ROOT = "dev.pylearn.infra..";

    @ArchTest
    static final ArchRule commandSideStandsAlone = noClasses().that().resideInAPackage(COMMAND)
            .should().dependOnClassesThat().resideInAnyPackage(QUERY, PROJECTIONS, WORKER, WEB, OPERATIONS,
                    MONITORING, COMPOSITION_ROOT);

    @ArchTest
    static final ArchRule querySideStandsAlone = noClasses().that().resideInAPackage(QUERY)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, PROJECTIONS, WORKER, WEB, OPERATIONS,
                    MONITORING, COMPOSITION_ROOT);

    @ArchTest
    static final ArchRule projectionsStandAlone = noClasses().that().resideInAPackage(PROJECTIONS)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, WORKER, WEB, OPERATIONS,
                    MONITORING, COMPOSITION_ROOT);

    @ArchTest
    static final ArchRule workerStandsAlone = noClasses().that().resideInAPackage(WORKER)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, PROJECTIONS, WEB, OPERATIONS,
                    MONITORING, COMPOSITION_ROOT);

    /** Pages read through the query side and write through the command side; nothing uses the pages. */
    @ArchTest
    static final ArchRule webUsesOnlyCommandAndQuerySides = noClasses().that().resideInAPackage(WEB)
            .should().dependOnClassesThat().resideInAnyPackage(PROJECTIONS, WORKER, OPERATIONS, MONITORING,
                    COMPOSITION_ROOT);

    /** Operations drive the projections (and fill the admin page's board); no one drives operations. */
    @ArchTest
    static final ArchRule operationsUseOnlyProjections = noClasses().that().resideInAPackage(OPERATIONS)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, WORKER, MONITORING, COMPOSITION_ROOT);

    /** Monitoring watches every node from the outside: it reads the command side's backlog, nothing else. */
    @ArchTest
    static final ArchRule monitoringUsesOnlyTheCommandSide = noClasses().that().resideInAPackage(MONITORING)
            .should().dependOnClassesThat().resideInAnyPackage(QUERY, PROJECTIONS, WORKER, WEB, OPERATIONS,
                    COMPOSITION_ROOT);

    @ArchTest
    static final ArchRule sharedApiDependsOnNoModule = noClasses().that().resideInAPackage("dev.pylearn.api..")
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, PROJECTIONS, WORKER, WEB, OPERATIONS,
                    MONITORING, COMPOSITION_ROOT);

    @ArchTest
    static final ArchRule sharedApiHasNoSpring = noClasses().that().resideInAPackage("dev.pylearn.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..");
}
