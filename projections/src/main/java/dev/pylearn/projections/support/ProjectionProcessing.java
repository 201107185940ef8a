package dev.pylearn.projections.support;

import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.names.ProcessingGroups;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/** The projections' own Axon wiring: how their events are split into sequences across segments. */
@Configuration(proxyBeanMethods = false)
class ProjectionProcessing {

    @Autowired
    void configureProcessing(EventProcessingConfigurer processing) {
        // a submission's row changes through events of two aggregates (the Submission's verdict, the
        // Learner's solve): one sequence per submission keeps them in order on one segment
        processing.registerSequencingPolicy(ProcessingGroups.SUBMISSIONS, configuration -> event -> {
            // the type first: asking every event for its payload would deserialize the whole stream
            if (event.getPayloadType() == ChallengeSolved.class) {
                return ((ChallengeSolved) event.getPayload()).submissionId();
            }
            return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
        });
    }
}
