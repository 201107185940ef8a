package dev.pylearn.api.forum;

/** Every forum category, in the order admins created them. */
public record FindForumCategories() {
}
