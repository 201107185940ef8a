package dev.pylearn.infra.database;

/** A human-readable line naming the database in use, for the start-up report. */
public record DatabaseDescription(String text) {
}
