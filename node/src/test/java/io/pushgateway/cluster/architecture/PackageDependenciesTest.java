package io.pushgateway.cluster.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The packages of a node and the directions they may depend in, as each package-info states them:
 * model at the bottom, the store's contract above format, its implementations in sub-packages, http
 * on the contract only, and cli wiring everything. A change that breaks one fails here, naming the
 * classes that do.
 */
class PackageDependenciesTest {
    private static final String ROOT = "io.pushgateway.cluster";
    private static final JavaClasses NODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** Every package is a slice of its own, sub-packages included: {@code store} and {@code store.check} are two. */
    private static final ArchRule NO_CYCLES =
            slices().matching(ROOT + ".(**)").should().beFreeOfCycles();

    @Test
    void packagesFormNoCycle() {
        NO_CYCLES.check(NODE);
    }

    @Test
    void theCycleRuleFindsACycle() {
        JavaClasses cyclic = new ClassFileImporter().importPackages(ROOT + ".architecture.cycle");
        assertTrue(NO_CYCLES.evaluate(cyclic).hasViolation(), "two packages that import each other pass the rule");
    }

    @Test
    void modelDependsOnNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".model..")
                .should()
                .dependOnClassesThat(resideInAPackage(ROOT + "..").and(not(resideInAPackage(ROOT + ".model.."))))
                .check(NODE);
    }

    @Test
    void formatDependsOnTheModelOnly() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".format..")
                .should()
                .dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(not(resideInAPackage(ROOT + ".model..")))
                        .and(not(resideInAPackage(ROOT + ".format.."))))
                .check(NODE);
    }

    @Test
    void httpKnowsNeitherHazelcastNorTheCommandLine() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.hazelcast..", ROOT + ".cli..")
                .check(NODE);
    }

    @Test
    void onlyTheWiringUsesTheHazelcastStore() {
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".cli..", ROOT + ".store.hazelcast..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".store.hazelcast..")
                .check(NODE);
    }

    @Test
    void outsideTheStoreOnlyTheWiringReachesPastItsContract() {
        noClasses()
                .that()
                .resideOutsideOfPackages(ROOT + ".cli..", ROOT + ".store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".store.hazelcast..", ROOT + ".store.replica..", ROOT + ".store.check..")
                .check(NODE);
    }

    @Test
    void nothingDependsOnTheWiring() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".cli..")
                .check(NODE);
    }
}
