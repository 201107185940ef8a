package dev.pylearn.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** shared-api is the language every module speaks; it must not pull a framework into them. */
@AnalyzeClasses(packages = "dev.pylearn.api", importOptions = ImportOption.DoNotIncludeTests.class)
class SharedApiArchitectureTest {

    @ArchTest
    static final ArchRule hasNoSpringJpaOrJackson = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "jakarta.persistence..", "com.fasterxml.jackson..",
                    "tools.jackson..");

    @ArchTest
    static final ArchRule messagesAreRecords = classes().that().resideInAnyPackage("dev.pylearn.api.learner",
                    "dev.pylearn.api.catalog", "dev.pylearn.api.progress")
            .and().areNotEnums().and().doNotHaveSimpleName("Rejection")
            .should().beRecords();
}
