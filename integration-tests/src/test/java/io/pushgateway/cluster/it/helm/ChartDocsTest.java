package io.pushgateway.cluster.it.helm;

import static io.pushgateway.cluster.it.helm.RenderedChart.get;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the chart tells its users: the README's values table matches the comments in values.yaml
 * (it is generated from them and cannot go stale), every value is explained, Chart.yaml carries
 * what Artifact Hub shows, and the install notes say how to push and how to scrape.
 */
class ChartDocsTest {

    private Helm helm;

    @BeforeEach
    void findHelm() {
        helm = Helm.find();
    }

    @Test
    void valuesTableIsWhatValuesYamlSays() {
        PeerProgram.Result check = generator(List.of("--check", helm.chartDir().toString()));
        assertTrue(check.ok(), "run helm/generate-values-table: " + check);
    }

    @Test
    void aChangedCommentMakesTheTableStaleUntilItIsGenerated(@TempDir Path copy) throws IOException {
        String values = Files.readString(helm.chartDir().resolve("values.yaml"));
        String changed = values.replace("# Pods in the cluster.", "# Gateway pods, all in one cluster.");
        assertFalse(values.equals(changed), "values.yaml no longer starts with the expected comment");
        Files.writeString(copy.resolve("values.yaml"), changed);
        Files.copy(helm.chartDir().resolve("README.md"), copy.resolve("README.md"));

        PeerProgram.Result stale = generator(List.of("--check", copy.toString()));
        assertFalse(stale.ok(), "a stale table passed the check");
        assertTrue(stale.stderr().contains("stale"), stale.toString());
        assertTrue(generator(List.of(copy.toString())).ok());
        assertTrue(Files.readString(copy.resolve("README.md"))
                .contains("| `replicaCount` | `3` | Gateway pods, all in one cluster."));
        assertTrue(generator(List.of("--check", copy.toString())).ok(), "the regenerated table is current");
    }

    @Test
    void everyValueIsExplained() throws IOException {
        String readme = Files.readString(helm.chartDir().resolve("README.md"));
        String table = readme.substring(
                readme.indexOf("| Value | Default | Meaning |"), readme.indexOf("<!-- end of values table -->"));
        List<String> rows = table.lines().skip(2).toList();
        for (String row : rows) {
            String[] cells = row.split("(?<!\\\\)\\|");
            assertTrue(cells.length == 4 && !cells[3].isBlank(), "a value without an explanation: " + row);
        }
        Map<String, Object> values =
                RenderedChart.parseDocument(Files.readString(helm.chartDir().resolve("values.yaml")));
        for (String key : values.keySet()) {
            assertTrue(
                    table.contains("| `" + key + "`") || table.contains("| `" + key + "."),
                    key + " is not in the table");
        }
    }

    @Test
    void chartYamlCarriesWhatArtifactHubShows() throws IOException {
        Map<String, Object> chart =
                RenderedChart.parseDocument(Files.readString(helm.chartDir().resolve("Chart.yaml")));
        assertTrue(((String) chart.get("home")).startsWith("https://"), "home: " + chart.get("home"));
        assertFalse(((List<?>) chart.get("sources")).isEmpty(), "sources");
        assertFalse(((List<?>) chart.get("maintainers")).isEmpty(), "maintainers");
        assertTrue(((String) chart.get("icon")).startsWith("https://"), "icon: " + chart.get("icon"));
        Map<String, Object> annotations = RenderedChart.map(chart, "annotations");
        String images = (String) annotations.get("artifacthub.io/images");
        String repository = (String) get(
                RenderedChart.parseDocument(Files.readString(helm.chartDir().resolve("values.yaml"))),
                "image",
                "repository");
        assertTrue(images.contains(repository + ":" + chart.get("appVersion")), "artifacthub.io/images: " + images);
        assertTrue(annotations.containsKey("artifacthub.io/links"), annotations.toString());
    }

    @Test
    void installNotesSayHowToPushAndHowToScrape(@TempDir Path copy) throws IOException {
        String notes = notes(copy, Map.of());
        assertTrue(
                notes.contains(
                        "curl --data-binary @- http://gw-pushgateway-cluster.monitoring.svc:9091/metrics/job/backup"),
                notes);
        assertTrue(notes.contains("honor_labels: true"), notes);
        assertTrue(notes.contains("targets: ['gw-pushgateway-cluster.monitoring.svc.cluster.local:9091']"), notes);
        assertTrue(notes.contains("Not every pod"), "the notes should say why one target: " + notes);
        assertFalse(notes.contains("Drain flags are off"), "the drain is on by default: " + notes);
        assertTrue(notes(copy, Map.of("drain.enabled", "false")).contains("Drain flags are off"));

        String withOperator = notes(
                copy,
                Map.of(
                        "scrapeConfig.enabled",
                        "true",
                        "podMonitor.enabled",
                        "true",
                        "ingress.enabled",
                        "true",
                        "ingress.hosts[0].host",
                        "push.example.com"));
        assertTrue(withOperator.contains("The ScrapeConfig gw-pushgateway-cluster does this"), withOperator);
        assertTrue(withOperator.contains("http://push.example.com/metrics/job/backup"), withOperator);
    }

    /**
     * NOTES.txt as {@code helm install} prints it. helm template does not render it, so a copy of
     * the chart renders it into a ConfigMap through tpl, with the same values and functions.
     */
    private String notes(Path copy, Map<String, String> values) throws IOException {
        Path chart = copy.resolve("chart");
        if (!Files.exists(chart)) {
            copyTree(helm.chartDir(), chart);
            Files.copy(chart.resolve("templates/NOTES.txt"), chart.resolve("notes.txt"));
            Files.writeString(chart.resolve("templates/notes-as-configmap.yaml"), """
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: notes
          data:
            notes: {{ tpl (.Files.Get "notes.txt") . | quote }}
          """);
        }
        return (String)
                get(Helm.at(chart).render("gw", "monitoring", values).named("ConfigMap", "notes"), "data", "notes");
    }

    private PeerProgram.Result generator(List<String> args) {
        PeerProgram python = PeerProgram.find("python3", "apt-get install python3", "/usr/bin/python3");
        List<String> command = new ArrayList<>(
                List.of(helm.chartDir().resolveSibling("generate-values-table").toString()));
        command.addAll(args);
        return python.run(command);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
