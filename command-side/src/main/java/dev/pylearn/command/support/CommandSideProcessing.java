package dev.pylearn.command.support;

import dev.pylearn.api.names.ProcessingGroups;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The command side's own Axon wiring: its lookups (lesson rules, challenge rewards, forum post counts) are subscribing
 * processors, so they change in the transaction that appends their events and a failure there rolls
 * the command back. They run on every node that handles commands.
 */
@Configuration(proxyBeanMethods = false)
class CommandSideProcessing {

    @Autowired
    void configureProcessing(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(ProcessingGroups.LESSON_RULES);
        processing.registerSubscribingEventProcessor(ProcessingGroups.CHALLENGE_REWARDS);
        processing.registerSubscribingEventProcessor(ProcessingGroups.FORUM_ACHIEVEMENTS);
    }
}
