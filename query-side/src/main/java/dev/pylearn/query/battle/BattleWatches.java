package dev.pylearn.query.battle;

import dev.pylearn.api.battle.BattleView;
import dev.pylearn.api.battle.FindBattle;
import dev.pylearn.api.battle.FindBattleVersion;
import dev.pylearn.query.web.Queries;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a battle's live streams watch: the projection's push on this node (at once) and, for a push
 * that went unheard, a poll a second of the battle's version; a version the viewer has not seen is read
 * again as the viewer sees it. A viewer reads one row by key per change, so two players need no sharing
 * of the watch. The poll reads the version alone ({@code battle.version} by key): it read the whole view
 * (the battle with its challenge, both names and codes) before, 200 of them a second while the load
 * test's 100 battles ran, whether anything had changed or not.
 */
@Component
class BattleWatches {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final Queries queries;
    private final QueryGateway gateway;

    BattleWatches(Queries queries, QueryGateway gateway) {
        this.queries = queries;
        this.gateway = gateway;
    }

    /** The battle each time its version passes {@code after}, until it has ended (that view included). */
    Flux<BattleView> changes(String battleId, String viewerId, long after) {
        AtomicLong shown = new AtomicLong(after);
        return Flux.using(
                () -> gateway.subscriptionQuery(new FindBattleVersion(battleId), ResponseTypes.instanceOf(Long.class),
                        ResponseTypes.instanceOf(Long.class)),
                pushed -> Flux.merge(pushed.updates(), Flux.interval(POLL).concatMap(tick ->
                                Mono.justOrEmpty(queries.one(new FindBattleVersion(battleId), Long.class))))
                        .filter(version -> version > shown.get())
                        .concatMap(version -> Mono.justOrEmpty(queries.one(new FindBattle(battleId, viewerId),
                                BattleView.class)))
                        .filter(view -> view.version() > shown.get())
                        .doOnNext(view -> shown.set(view.version()))
                        .takeUntil(view -> !view.open()),
                SubscriptionQueryResult::close);
    }
}
