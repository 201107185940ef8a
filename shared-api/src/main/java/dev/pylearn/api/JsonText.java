package dev.pylearn.api;

/**
 * A view as the JSON text it is cached as: the web layer sends it as it is, instead of parsing it
 * into a record and writing it out again on every request (see the dashboard, the busiest read).
 */
public record JsonText(String json) {
}
