package dev.pylearn.api.notification;

/** What a settings command did: {@code changed} false when it was already so; {@code version} for read-your-writes. */
public record NotificationSettingsResult(boolean changed, long version) {
}
