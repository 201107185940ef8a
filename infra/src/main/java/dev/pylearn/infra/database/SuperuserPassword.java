package dev.pylearn.infra.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The embedded database superuser's password: generated once, kept in a file under the data
 * directory that only the owner may read or write (created with those permissions, so it is never
 * readable by others, not even for a moment). Its first line is the password, which is also the
 * form {@code initdb --pwfile} reads.
 */
final class SuperuserPassword {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final String value;

    private SuperuserPassword(Path file, String value) {
        this.file = file;
        this.value = value;
    }

    /** Reads the password kept in {@code file}, or generates one and keeps it there. */
    static SuperuserPassword readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String value = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            if (value.isEmpty()) {
                throw new IllegalStateException("The embedded database password file " + file + " is empty; restore it "
                        + "from a backup (the database's superuser needs it).");
            }
            restrict(file);
            return new SuperuserPassword(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the embedded database password file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path partial = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(partial);
        if (posix(file)) {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(partial);
        }
        Files.writeString(partial, password + "\n", StandardCharsets.UTF_8);
        try {
            // written whole or not at all: a crash never leaves a half-written password behind
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(partial);
        }
    }

    /** Puts the permissions back to owner-only if someone widened them. */
    private static void restrict(Path file) throws IOException {
        if (posix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean posix(Path file) {
        Path directory = file.toAbsolutePath().getParent();
        return directory != null && Files.getFileAttributeView(directory,
                java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    Path file() {
        return file;
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "password in " + file;
    }
}
