package io.capacitybroker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of STYLE.md, kept by the build rather than by memory. */
@AnalyzeClasses(packages = "io.capacitybroker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Matching is plain Java: no I/O, no framework, so it can be tested and benchmarked alone. */
    @ArchTest
    static final ArchRule matchingIsPlainJava = classes().that().resideInAPackage("io.capacitybroker.matching..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "io.capacitybroker.matching..", "io.capacitybroker.platform.money",
                    "io.capacitybroker.vocabulary")
            .because("the engine must stay free of I/O and framework types");

    /** Rating is plain Java too: the same reservations and usage always give the same lines. */
    @ArchTest
    static final ArchRule ratingIsPlainJava = classes().that().resideInAPackage("io.capacitybroker.billing.rating..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "io.capacitybroker.billing.rating..", "io.capacitybroker.platform.money",
                    "io.capacitybroker.platform.time")
            .because("rating must stay free of I/O and framework types");

    @ArchTest
    static final ArchRule capabilitiesDoNotDependOnEachOtherInCycles = slices()
            .matching("io.capacitybroker.(*)..").should().beFreeOfCycles();

    /** Another capability reaches into a capability only through its service or API records, never its store or domain. */
    @ArchTest
    static final ArchRule storesAndEntitiesStayInside = classes()
            .that().resideInAnyPackage("io.capacitybroker.*.store..", "io.capacitybroker.*.domain..")
            .should().onlyBeAccessed().byClassesThat().resideInAnyPackage(
                    "io.capacitybroker.catalog..", "io.capacitybroker.quote..", "io.capacitybroker.reservation..",
                    "io.capacitybroker.billing..", "io.capacitybroker.finance..")
            .andShould(new SameCapability());

    /** The platform kernel knows no capability; the portal's error pages plug in through platform.error.ProblemPages. */
    @ArchTest
    static final ArchRule platformIsTheBottom = classes().that().resideInAPackage("io.capacitybroker.platform..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages(
                    "io.capacitybroker.catalog..", "io.capacitybroker.quote..", "io.capacitybroker.reservation..",
                    "io.capacitybroker.ledger..", "io.capacitybroker.matching..", "io.capacitybroker.identity..",
                    "io.capacitybroker.billing..", "io.capacitybroker.finance..", "io.capacitybroker.payments..",
                    "io.capacitybroker.portal..");
}
