package dev.pylearn.operations;

import dev.pylearn.api.Rejection;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/projections}: status, replay, blue-green rebuild and dead letters (ADMIN role). */
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionAdminController {

    private final ProjectionOperations operations;
    private final Rebuilds rebuilds;

    ProjectionAdminController(ProjectionOperations operations, Rebuilds rebuilds) {
        this.operations = operations;
        this.rebuilds = rebuilds;
    }

    @GetMapping
    List<ProjectionStatus> all() {
        return operations.statuses();
    }

    @GetMapping("/{name}")
    ProjectionStatus one(@PathVariable String name) {
        return operations.status(name);
    }

    @PostMapping("/{name}/replay")
    ResponseEntity<ProjectionStatus> replay(@PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(operations.replay(name));
    }

    /** {@code ?switch=manual}: build and keep up, but switch only on {@code POST .../rebuild/switch}. */
    @PostMapping("/{name}/rebuild")
    ResponseEntity<ProjectionStatus> rebuild(@PathVariable String name,
                                             @RequestParam(name = "switch", defaultValue = "auto") String mode) {
        if (!mode.equals("auto") && !mode.equals("manual")) {
            throw Rejection.invalid("invalid-switch-mode", "'switch' is 'auto' (default) or 'manual'; got '" + mode
                    + "'.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuilds.start(name, mode.equals("manual")));
    }

    @PostMapping("/{name}/rebuild/switch")
    ResponseEntity<ProjectionStatus> switchRebuild(@PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuilds.switchNow(name));
    }

    @DeleteMapping("/{name}/rebuild")
    ProjectionStatus cancelRebuild(@PathVariable String name) {
        return rebuilds.cancel(name);
    }

    @GetMapping("/{name}/dead-letters")
    List<ProjectionOperations.DeadLetterView> deadLetters(@PathVariable String name) {
        return operations.deadLetters(name);
    }

    @PostMapping("/{name}/dead-letters/retry")
    ProjectionOperations.RetryResult retry(@PathVariable String name) {
        return operations.retryDeadLetters(name);
    }
}
