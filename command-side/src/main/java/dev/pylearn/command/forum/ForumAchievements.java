package dev.pylearn.command.forum;

import dev.pylearn.api.names.ProcessingGroups;

import dev.pylearn.api.forum.CountForumPost;
import dev.pylearn.api.forum.PostWritten;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Counts every post for its author's {@code forum_posts} achievements. Subscribing, in the transaction
 * that stores the post (like the challenge rewards): a post and its count are stored together or not
 * at all, so the count is exact without the Learner remembering post ids. Sent without the gateway's
 * retries for the reason {@code ChallengeRewards} gives.
 */
@Component
@ProcessingGroup(ForumAchievements.GROUP)
class ForumAchievements {

    static final String GROUP = ProcessingGroups.FORUM_ACHIEVEMENTS;

    private final CommandGateway commands;

    ForumAchievements(CommandBus commandBus) {
        this.commands = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @EventHandler
    @DisallowReplay
    void on(PostWritten event) {
        commands.sendAndWait(new CountForumPost(event.authorId(), event.postId(), event.at()));
    }
}
