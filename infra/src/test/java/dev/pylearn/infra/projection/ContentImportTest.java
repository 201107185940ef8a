package dev.pylearn.infra.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.infra.support.PlatformTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** Content files become events only when they change; the catalog read model follows. */
class ContentImportTest extends PlatformTest {

    @Autowired
    CommandGateway commands;

    @Autowired
    CatalogImporter curriculum;

    @TempDir
    Path content;

    @Test
    void shippedCurriculumIsAlreadyPublishedSoARestartPublishesNothing() {
        assertThat(curriculum.publish()).isZero();
        var tracks = curriculum.read();
        assertThat(tracks).hasSizeGreaterThanOrEqualTo(3);
        assertThat(tracks.stream().mapToLong(t -> t.modules().size()).sum()).isGreaterThanOrEqualTo(8);
        assertThat(tracks.stream().flatMap(t -> t.modules().stream()).mapToLong(m -> m.lessons().size()).sum())
                .isGreaterThanOrEqualTo(40);
        assertThat(tracks).anyMatch(t -> t.premium()).anyMatch(t -> t.prerequisiteTrackId() != null);
    }

    @Test
    void onlyNewOrChangedContentProducesEvents() throws IOException {
        Path module = content.resolve("tracks/01-import-check/01-basics");
        Files.createDirectories(module);
        Files.writeString(content.resolve("tracks/01-import-check/track.yaml"),
                "id: import-check\ntitle: Import check\ndescription: A track for the import test\npremium: false\n");
        Files.writeString(module.resolve("module.yaml"), "id: import-check-basics\ntitle: Basics\n");
        Files.writeString(module.resolve("01-first.md"), lesson("import-check-first", "First", 10, "Hello."));
        Files.writeString(module.resolve("02-second.md"), lesson("import-check-second", "Second", 20, "World."));
        CatalogImporter importer = new CatalogImporter(commands, content.toUri().toString());
        assertThat(api.get("/api/tracks", null).text()).doesNotContain("import-check"); // now cached

        assertThat(importer.publish()).as("track outline + 2 lessons").isEqualTo(3);
        // the catalog projection evicts the cached list (in Redis here) once the new track is stored
        await(() -> api.get("/api/tracks", null).text().contains("\"import-check\""));
        assertThat(importer.publish()).as("unchanged").isZero();

        Files.writeString(module.resolve("02-second.md"), lesson("import-check-second", "Second", 20, "Edited."));
        assertThat(importer.publish()).as("one lesson body edited").isEqualTo(1);
        await(() -> api.get("/api/lessons/import-check-second", null).json().get("body").asString()
                .contains("Edited."));

        Files.delete(module.resolve("01-first.md"));
        assertThat(importer.publish()).as("outline changed + lesson retired").isEqualTo(2);
        await(() -> api.get("/api/lessons/import-check-first", null).status() == 404);
        await(() -> api.get("/api/tracks/import-check", null).json().get("lessonCount").asInt() == 1);
    }

    @Test
    void brokenContentIsRefusedWithTheFileNamed() throws IOException {
        Path module = content.resolve("tracks/01-broken/01-m");
        Files.createDirectories(module);
        Files.writeString(content.resolve("tracks/01-broken/track.yaml"), "id: broken\ntitle: Broken\n");
        Files.writeString(module.resolve("module.yaml"), "id: broken-m\ntitle: M\n");
        Files.writeString(module.resolve("01-x.md"), "---\nid: broken-x\ntitle: X\nxp: lots\n---\nBody\n");
        CatalogImporter importer = new CatalogImporter(commands, content.toUri().toString());
        assertThatThrownBy(importer::publish).hasMessageContaining("01-x.md").hasMessageContaining("xp");
        assertThat(api.get("/api/tracks/broken", null).status()).isEqualTo(404);
    }

    private static String lesson(String id, String title, int xp, String body) {
        return "---\nid: " + id + "\ntitle: " + title + "\nxp: " + xp + "\n---\n# " + title + "\n\n" + body + "\n";
    }

    /** The catalog projection runs asynchronously; wait for it without a fixed sleep. */
    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions().until(condition);
    }

}
