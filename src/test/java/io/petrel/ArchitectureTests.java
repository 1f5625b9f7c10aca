package io.petrel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.Test;

/** The package rules of ARCHITECTURE.md: dependencies point inwards, Netty's codec stops at protocol. */
class ArchitectureTests {

    private static final String[] CORE = {"io.petrel.message..", "io.petrel.routing..", "io.petrel.session..",
        "io.petrel.retain..", "io.petrel.auth..", "io.petrel.intercept..", "io.petrel.event.."};

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.petrel");

    @Test
    void coreImportsNeitherNettyNorSpring() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.springframework..")
                .check(classes);
    }

    @Test
    void nettyCodecTypesStopAtTheProtocolAndTransportPackages() {
        noClasses().that().resideOutsideOfPackages("io.petrel.protocol..", "io.petrel.transport..")
                .should().dependOnClassesThat().resideInAPackage("io.netty.handler.codec.mqtt..")
                .check(classes);
    }

    @Test
    void nothingDependsOnConfiguration() {
        noClasses().that().resideOutsideOfPackage("io.petrel.config..")
                .should().dependOnClassesThat().resideInAPackage("io.petrel.config..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.petrel.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noClassIsNamedImpl() {
        noClasses().should().haveSimpleNameEndingWith("Impl").check(classes);
    }

    @Test
    void noCodeWritesToStandardStreamsOrPrintsStackTraces() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(classes);
    }
}
