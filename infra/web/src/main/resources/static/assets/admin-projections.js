// The projections page: buttons over /api/admin/projections, live progress by polling it, a confirmation
// (<dialog>) before replay, rebuild, switch and cancel, and each result or refusal shown in its row.
(function () {
  "use strict";
  var table = document.querySelector("[data-projections]");
  if (!table || !window.PyLearn) { return; }
  var dialog = document.querySelector("[data-confirm]");
  var refreshed = document.querySelector("[data-refreshed]");
  var base = "/api/admin/projections/";

  var ACTIONS = {
    "replay": { method: "POST", path: "/replay", confirm: "Replay {name}?",
      text: "Its tables are cleared and rebuilt from every event; it shows partial data until the replay has caught up.",
      done: "Replay started." },
    "rebuild": { method: "POST", path: "/rebuild", confirm: "Rebuild {name}?",
      text: "A new version is built beside the one serving now and replaces it as soon as it has caught up.",
      done: "Rebuild started; it switches when ready." },
    "rebuild-manual": { method: "POST", path: "/rebuild?switch=manual", confirm: "Rebuild {name}, switching by hand?",
      text: "A new version is built beside the one serving now; it replaces it only when you press Switch.",
      done: "Rebuild started; press Switch when it is ready." },
    "switch": { method: "POST", path: "/rebuild/switch", confirm: "Switch {name} to the rebuilt version?",
      text: "Reads move to the rebuilt tables; the old version is dropped.", done: "Switch requested." },
    "cancel": { method: "DELETE", path: "/rebuild", confirm: "Cancel the rebuild of {name}?",
      text: "The version being built is thrown away; the serving version stays as it is.", done: "Rebuild canceled." },
    "retry": { method: "POST", path: "/dead-letters/retry", done: null }
  };

  function row(name) {
    return table.querySelector("tr[data-projection='" + CSS.escape(name) + "']");
  }

  function say(tr, text, ok) {
    var message = tr.querySelector("[data-message]");
    message.textContent = text;
    message.className = "action-result " + (ok ? "ok" : "bad");
  }

  function seconds(value) {
    if (value < 60) { return (Math.round(value * 10) / 10) + " s"; }
    var whole = Math.round(value);
    return Math.floor(whole / 60) + " min " + (whole % 60) + " s";
  }

  function field(tr, name) { return tr.querySelector("[data-field='" + name + "']"); }

  function lastOperation(op) {
    if (!op) { return ""; }
    var text = "Last " + op.kind + ": " + op.phase;
    if (op.finishedAt && op.events !== null && op.events !== undefined) {
      text += " (" + op.events + " events" + (op.eventsPerSecond ? ", " + op.eventsPerSecond + " events/s" : "") + ")";
    }
    if (op.detail) { text += " — " + op.detail; }
    return text;
  }

  // operations started from this page, by projection: told in the row when they end
  var pending = {};

  function followUp(status, tr) {
    var started = pending[status.name];
    var op = status.lastOperation;
    if (!started || !op || op.kind !== started.kind || op.startedAt !== started.startedAt) { return; }
    var what = op.kind === "replay" ? "Replay" : "Rebuild";
    if (op.phase === "finished") {
      say(tr, what + " finished" + (op.events !== null && op.events !== undefined ? ": " + op.events + " events." : "."), true);
      delete pending[status.name];
    } else if (op.phase === "failed" || op.phase === "canceled") {
      say(tr, what + " " + op.phase + (op.detail ? ": " + op.detail : "."), op.phase === "canceled");
      delete pending[status.name];
    }
  }

  function render(status) {
    var tr = row(status.name);
    if (!tr) { return false; }
    followUp(status, tr);
    var badge = field(tr, "status");
    badge.textContent = status.status;
    badge.className = "status status-" + status.status;
    var phase = status.rebuild ? status.rebuild.phase : null;
    field(tr, "rebuild-phase").textContent = phase ? "rebuild " + phase : "";
    field(tr, "position").textContent = (status.position === null ? "none" : status.position) + " / " + status.head;
    field(tr, "lag").textContent = status.lagEvents + " events" + (status.lagSeconds > 0 ? ", " + seconds(status.lagSeconds) : "");
    var progress = status.rebuild ? status.rebuild.progress : status.replay;
    var bar = field(tr, "progress");
    bar.value = progress ? progress.percent : 100;
    bar.textContent = (progress ? progress.percent : 100) + "%";
    field(tr, "eta").textContent = progress ? progress.percent + "%" + (progress.etaSeconds !== null && progress.etaSeconds !== undefined
      ? ", ETA " + seconds(progress.etaSeconds) : "") : "";
    field(tr, "last-operation").textContent = lastOperation(status.lastOperation);
    field(tr, "dead-letters").textContent = status.deadLetters;
    tr.querySelector("[data-action='switch']").disabled = phase !== "ready";
    tr.querySelector("[data-action='cancel']").disabled = phase !== "running" && phase !== "ready";
    tr.querySelector("[data-action='retry']").disabled = status.deadLetters === 0;
    ["replay", "rebuild", "rebuild-manual"].forEach(function (action) {
      tr.querySelector("[data-action='" + action + "']").disabled = !status.replayable;
    });
    return status.status === "replaying" || status.status === "rebuilding";
  }

  var timer = null;
  function poll() {
    clearTimeout(timer);
    PyLearn.api("GET", base.slice(0, -1)).then(function (statuses) {
      var busy = false;
      statuses.forEach(function (status) { busy = render(status) || busy; });
      refreshed.textContent = "Live: updated at " + new Date().toLocaleTimeString() + (busy ? " (an operation is running)." : ".");
      timer = setTimeout(poll, busy ? 1000 : 5000);
    }).catch(function (error) {
      refreshed.textContent = "Could not refresh the status: " + error.message;
      timer = setTimeout(poll, 5000);
    });
  }

  function confirmThen(spec, name, run) {
    if (!spec.confirm) { run(); return; }
    dialog.querySelector("[data-confirm-title]").textContent = spec.confirm.replace("{name}", name);
    dialog.querySelector("[data-confirm-text]").textContent = spec.text;
    dialog.returnValue = "";
    dialog.addEventListener("close", function onClose() {
      dialog.removeEventListener("close", onClose);
      if (dialog.returnValue === "confirm") { run(); }
    });
    dialog.showModal();
  }

  function showDeadLetters(name, tr) {
    var section = document.querySelector("[data-dead-letters]");
    var body = document.querySelector("[data-dead-letters-body]");
    PyLearn.api("GET", base + encodeURIComponent(name) + "/dead-letters").then(function (letters) {
      section.hidden = false;
      document.querySelector("[data-dead-letters-heading]").textContent = "Dead letters of " + name;
      body.textContent = "";
      if (letters.length === 0) {
        var none = document.createElement("p");
        none.textContent = "No dead letters: every event applied.";
        body.appendChild(none);
      } else {
        var wrap = document.createElement("div");
        wrap.className = "table-scroll";
        var table = document.createElement("table");
        table.className = "data";
        var head = table.createTHead().insertRow();
        ["Event", "Aggregate", "Enqueued", "Cause"].forEach(function (title) {
          var th = document.createElement("th"); th.scope = "col"; th.textContent = title; head.appendChild(th);
        });
        var tbody = table.createTBody();
        letters.forEach(function (letter) {
          var tr2 = tbody.insertRow();
          [letter.eventType, letter.aggregateId + " #" + letter.aggregateSequence, letter.enqueuedAt,
            letter.causeType + ": " + letter.causeMessage].forEach(function (text) {
            tr2.insertCell().textContent = text === null || text === undefined ? "" : text;
          });
        });
        wrap.appendChild(table);
        body.appendChild(wrap);
      }
      say(tr, letters.length + (letters.length === 1 ? " dead letter" : " dead letters") + " listed below.", true);
      document.querySelector("[data-dead-letters-heading]").focus();
    }).catch(function (error) { say(tr, error.message, false); });
  }

  table.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) { return; }
    var tr = button.closest("tr");
    var name = tr.dataset.projection;
    var action = button.dataset.action;
    if (action === "dead-letters") { showDeadLetters(name, tr); return; }
    var spec = ACTIONS[action];
    confirmThen(spec, name, function () {
      button.disabled = true;
      say(tr, "Working…", true);
      PyLearn.api(spec.method, base + encodeURIComponent(name) + spec.path).then(function (result) {
        if (action === "retry") {
          say(tr, "Retried " + result.sequences + " sequences: " + result.succeeded + " applied, " + result.remaining
            + " still parked.", result.remaining === 0);
        } else {
          say(tr, spec.done, true);
          if (result.lastOperation && (action === "replay" || action.indexOf("rebuild") === 0)) {
            pending[name] = { kind: result.lastOperation.kind, startedAt: result.lastOperation.startedAt };
          }
          render(result);
        }
        poll();
      }).catch(function (error) {
        button.disabled = false;
        say(tr, error.message, false);
      });
    });
  });

  poll();
})();
