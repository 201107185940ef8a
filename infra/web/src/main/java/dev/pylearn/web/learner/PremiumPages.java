package dev.pylearn.web.learner;

import dev.pylearn.api.learner.CancelPremium;
import dev.pylearn.api.learner.LearnerStateResult;
import dev.pylearn.api.learner.StartPremium;
import dev.pylearn.api.progress.FindProfile;
import dev.pylearn.api.progress.ProfileView;
import dev.pylearn.command.web.ReadYourWrites;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Premium: the learner's status (from the profile, one cached lookup) and a form to subscribe or
 * cancel. The forms send the commands {@code POST} and {@code DELETE /api/me/subscription} send and
 * wait, as those do, until the learner's pages show the change, so the premium lessons are open on
 * the very next page. Both commands are idempotent: subscribing twice changes nothing.
 */
@Controller
class PremiumPages {

    private final Queries queries;
    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    PremiumPages(Queries queries, CommandGateway commands, ReadYourWrites readYourWrites, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    @GetMapping("/premium")
    String premium(@RequestParam(required = false) String done, Principal me, Model model) {
        ProfileView profile = queries.one(new FindProfile(me.getName()), ProfileView.class)
                .orElseThrow(() -> LearnerPages.unknown(me));
        model.addAttribute("premium", profile.premium());
        model.addAttribute("done", "started".equals(done) || "canceled".equals(done) ? done : null);
        return "learner/premium";
    }

    @PostMapping("/premium/subscription")
    CompletableFuture<String> subscribe(Principal me) {
        return shown(me, commands.send(new StartPremium(me.getName(), clock.instant())), "started");
    }

    @PostMapping("/premium/cancellation")
    CompletableFuture<String> cancel(Principal me) {
        return shown(me, commands.send(new CancelPremium(me.getName(), clock.instant())), "canceled");
    }

    private CompletableFuture<String> shown(Principal me, CompletableFuture<LearnerStateResult> sent, String done) {
        return sent.thenCompose(result -> readYourWrites.dashboardShows(me.getName(), result.version()))
                .thenApply(shown -> "redirect:/premium?done=" + done);
    }
}
