// The challenge page's script: turns the plain text area into the code editor (editor.js), keeps an unsent
// draft in this browser, submits through the JSON API and shows each test's verdict as the
// submission's event stream reports it. Without it the page is a form that posts the text area.
(function () {
  "use strict";
  var page = document.querySelector("[data-challenge]");
  if (!page || !window.PyLearnEditor || !window.PyLearn) { return; }

  var challengeId = page.dataset.challenge;
  var learner = page.dataset.learner || null;
  var solved = page.dataset.solved === "true";
  var hiddenCount = parseInt(page.dataset.hiddenTests || "0", 10);
  var latestAt = page.dataset.latestAt ? Date.parse(page.dataset.latestAt) : 0;
  var form = page.querySelector("[data-submit-form]");
  var textarea = document.getElementById("code");
  var button = page.querySelector("[data-submit-button]");
  var submitError = page.querySelector("[data-submit-error]");
  var results = page.querySelector("[data-results]");
  var verdict = page.querySelector("[data-verdict]");
  var outcomes = page.querySelector("[data-outcomes]");
  var outcomeTemplate = page.querySelector("[data-outcome-template]");
  var STATUS = { passed: "Passed", failed: "Failed", error: "Error", timeout: "Timed out",
                 queued: "Waiting", running: "Running", pending: "Waiting" };

  var highlight = PyLearnEditor.highlight;
  page.querySelectorAll("pre > code.language-python").forEach(highlight);

  page.querySelectorAll("time[datetime]").forEach(localTime);
  function localTime(node) {
    var at = new Date(node.getAttribute("datetime"));
    if (!isNaN(at)) {
      node.textContent = at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
    }
  }

  // ---- the editor (editor.js) ----
  var editor = PyLearnEditor.attach(textarea);
  var hint = page.querySelector("[data-editor-hint]");

  // ---- the draft kept in this browser until it is submitted ----
  var draftKey = "pylearn:draft:" + challengeId;
  function readDraft() {
    try { return JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { return null; }
  }
  function saveDraft() {
    try {
      localStorage.setItem(draftKey, JSON.stringify({ code: editor.getValue(), at: Date.now(), owner: learner }));
    } catch (e) { /* storage full or refused: the draft is only a convenience */ }
  }
  function dropDraft() {
    try { localStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
  }
  var draft = readDraft();
  if (draft && (draft.owner === learner || draft.owner === null) && draft.at > latestAt
      && typeof draft.code === "string" && draft.code !== editor.getValue()) {
    editor.setValue(draft.code);
    editor.clearHistory();
    note("Your unsent code from this browser was restored.");
  }
  var saveTimer = null;
  editor.on("change", function () {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveDraft, 300);
  });

  function note(text) {
    var p = document.createElement("p");
    p.className = "meta draft-note";
    p.textContent = text;
    hint.parentNode.insertBefore(p, hint.nextSibling);
  }

  var reset = page.querySelector("[data-reset-code]");
  if (reset) {
    reset.hidden = false;
    reset.addEventListener("click", function () {
      editor.setValue(textarea.dataset.starter || "");
      editor.focus();
    });
  }
  page.querySelectorAll("[data-restore-code]").forEach(enableRestore);
  function enableRestore(restore) {
    restore.hidden = false;
    restore.addEventListener("click", function () {
      editor.setValue(restore.parentNode.querySelector(".submitted-code").textContent);
      editor.focus();
      editor.scrollIntoView(null);
    });
  }

  // ---- submitting and the live verdicts ----
  if (!button) { return; }
  var retryTimer = null;

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    editor.save();
    submitError.textContent = "";
    button.disabled = true;
    button.textContent = "Submitting…";
    PyLearn.api("POST", "/api/challenges/" + encodeURIComponent(challengeId) + "/submissions",
                { code: editor.getValue() })
      .then(function (accepted) {
        dropDraft();
        latestAt = Date.now();
        follow(accepted.submissionId);
      })
      .catch(refused);
  });

  function refused(error) {
    button.textContent = "Submit";
    button.disabled = false;
    submitError.textContent = "";
    if (error.status === 401) {
      submitError.appendChild(document.createTextNode("You are not logged in any more. "));
      var link = document.createElement("a");
      link.href = "/login?next=" + encodeURIComponent(location.pathname);
      link.textContent = "Log in to submit";
      submitError.appendChild(link);
      submitError.appendChild(document.createTextNode(" (your code stays in this browser)."));
      saveDraft();
      return;
    }
    submitError.textContent = error.message;
    var wait = parseInt(error.retryAfter || "", 10);
    if ((error.status === 429 || error.status === 503) && wait > 0) { holdOff(wait); }
  }

  // after a 429 or 503 the button waits out the Retry-After, saying how long is left
  function holdOff(seconds) {
    clearInterval(retryTimer);
    var left = seconds;
    button.disabled = true;
    button.textContent = "Submit again in " + left + " s";
    retryTimer = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(retryTimer);
        button.disabled = false;
        button.textContent = "Submit";
      } else {
        button.textContent = "Submit again in " + left + " s";
      }
    }, 1000);
  }

  // One row per test, waiting, before anything is known: visible tests by name, hidden ones numbered.
  function pendingRows() {
    outcomes.textContent = "";
    page.querySelectorAll(".visible-test .test-name").forEach(function (name) {
      outcomes.appendChild(row("visible:" + name.textContent, name.textContent));
    });
    for (var i = 1; i <= hiddenCount; i++) {
      outcomes.appendChild(row("hidden:" + i, "Hidden test " + i));
    }
  }

  function row(key, label) {
    var item = outcomeTemplate.content.firstElementChild.cloneNode(true);
    item.dataset.key = key;
    item.className = "outcome status-pending";
    item.querySelector(".outcome-status").textContent = STATUS.pending;
    item.querySelector(".outcome-name").textContent = label;
    return item;
  }

  // Each test's verdict goes into its own row as soon as the stream reports it; the stream may report
  // them together (today) or one by one: a verdict seen twice just sets the same row again.
  function applyOutcome(target, test, hiddenSlots) {
    var key, label;
    if (test.hidden) {
      if (!hiddenSlots[test.name]) { hiddenSlots[test.name] = Object.keys(hiddenSlots).length + 1; }
      key = "hidden:" + hiddenSlots[test.name];
      label = "Hidden test " + hiddenSlots[test.name];
    } else {
      key = "visible:" + test.name;
      label = test.name;
    }
    var item = null;
    target.querySelectorAll("li.outcome").forEach(function (li) { if (li.dataset.key === key) { item = li; } });
    if (!item) { item = row(key, label); target.appendChild(item); }
    var status = STATUS[test.status] ? test.status : "error";
    item.className = "outcome status-" + status;
    item.querySelector(".outcome-status").textContent = STATUS[status];
    item.querySelector(".outcome-time").textContent = test.durationMs > 0 ? test.durationMs + " ms" : "";
    item.querySelectorAll(".outcome-message, .outcome-output, .outcome-masked").forEach(function (n) { n.remove(); });
    if (test.hidden) {
      var masked = document.createElement("p");
      masked.className = "meta outcome-masked";
      masked.textContent = "Hidden test: its input and expected result are not shown.";
      item.appendChild(masked);
      return;
    }
    if (test.message) {
      var message = document.createElement("pre");
      message.className = "outcome-message";
      message.textContent = test.message;
      item.appendChild(message);
    }
    if (test.output) {
      var details = document.createElement("details"), summary = document.createElement("summary");
      var output = document.createElement("pre");
      details.className = "outcome-output";
      summary.textContent = "Output";
      output.textContent = test.output;
      details.appendChild(summary);
      details.appendChild(output);
      item.appendChild(details);
    }
  }

  function follow(submissionId) {
    results.hidden = false;
    pendingRows();
    verdict.className = "verdict-line";
    verdict.textContent = "Submitted. Waiting for a worker…";
    button.textContent = "Judging…";
    results.scrollIntoView({ block: "nearest" });
    var hiddenSlots = {}, done = false;
    var url = "/api/submissions/" + encodeURIComponent(submissionId);
    var source = new EventSource(url + "/stream");
    source.addEventListener("submission", function (event) {
      var view = JSON.parse(event.data);
      (view.tests || []).forEach(function (test) { applyOutcome(outcomes, test, hiddenSlots); });
      if (isFinished(view)) {
        done = true;
        source.close();
        finished(view);
      } else {
        verdict.textContent = view.status === "running" ? "Running the tests…" : (view.message || "Waiting for a worker…");
      }
    });
    // a stream that cannot be opened (or reopened) falls back to reading the submission now and then
    source.addEventListener("error", function () {
      if (done || source.readyState !== EventSource.CLOSED) { return; }
      poll(url, hiddenSlots);
    });
  }

  function poll(url, hiddenSlots) {
    PyLearn.api("GET", url).then(function (view) {
      (view.tests || []).forEach(function (test) { applyOutcome(outcomes, test, hiddenSlots); });
      if (isFinished(view)) { finished(view); } else { setTimeout(function () { poll(url, hiddenSlots); }, 2000); }
    }).catch(function (error) { verdict.textContent = error.message; resetButton(); });
  }

  function isFinished(view) {
    return view.status === "passed" || view.status === "failed" || view.status === "error";
  }

  function resetButton() {
    button.disabled = false;
    button.textContent = "Submit";
  }

  function finished(view) {
    resetButton();
    var tests = view.tests || [];
    var passed = tests.filter(function (t) { return t.status === "passed"; }).length;
    // rows still waiting were never run (a syntax error stops the run before any test)
    outcomes.querySelectorAll("li.status-pending").forEach(function (li) {
      li.className = "outcome status-skipped";
      li.querySelector(".outcome-status").textContent = "Not run";
    });
    verdict.className = "verdict-line verdict-" + view.status;
    if (view.status === "passed") {
      verdict.textContent = "Passed: all " + tests.length + " tests passed.";
      rewards(view);
    } else if (view.status === "failed") {
      verdict.textContent = "Failed: " + passed + " of " + tests.length + " tests passed.";
    } else {
      verdict.textContent = "Error: " + (view.message || "your code could not be run.");
    }
    addToList(view);
  }

  // The XP and achievements are the learner's events, applied just after the verdict: read them a
  // few times until they show (or, for a challenge already solved, know there is none to show).
  function rewards(view) {
    var url = "/api/submissions/" + encodeURIComponent(view.submissionId);
    var tries = 0, firstSolve = !solved;
    solved = true;
    var badge = page.querySelector("[data-solved-badge]");
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge done";
      badge.dataset.solvedBadge = "";
      badge.textContent = "Solved";
      page.querySelector(".challenge-meta").appendChild(badge);
    }
    (function xp(current) {
      if (current.xpAwarded > 0) {
        verdict.textContent += " You earned " + current.xpAwarded + " XP.";
        PyLearn.toast("+" + current.xpAwarded + " XP for solving this challenge");
        achievements(Date.parse(view.submittedAt), 0);
      } else if (firstSolve && tries++ < 15) {
        setTimeout(function () { PyLearn.api("GET", url).then(xp).catch(function () {}); }, 400);
      } else if (!firstSolve) {
        verdict.textContent += " You had already solved it, so no XP this time.";
      }
    })(view);
  }

  function achievements(since, attempt) {
    PyLearn.api("GET", "/api/me/achievements").then(function (mine) {
      var fresh = (mine.unlocked || []).filter(function (a) { return Date.parse(a.unlockedAt) >= since - 1000; });
      if (fresh.length === 0 && attempt < 5) {
        setTimeout(function () { achievements(since, attempt + 1); }, 700);
        return;
      }
      fresh.forEach(function (a) {
        PyLearn.toast("Achievement unlocked: " + a.title + (a.xp > 0 ? " (+" + a.xp + " XP)" : ""), "achievement");
        var line = document.createElement("p");
        line.className = "achievement-line";
        line.textContent = "Achievement unlocked: " + a.title + ".";
        results.insertBefore(line, outcomes);
      });
    }).catch(function () { /* the achievements page still shows them */ });
  }

  // The new submission joins the list of earlier ones, as the page would show it after a reload.
  function addToList(view) {
    var list = page.querySelector("[data-submission-list]");
    var empty = page.querySelector("[data-no-submissions]");
    if (empty) { empty.remove(); }
    var item = document.createElement("li"), details = document.createElement("details");
    var summary = document.createElement("summary"), body = document.createElement("div");
    item.className = "submission";
    item.id = "submission-" + view.submissionId;
    var status = document.createElement("span");
    status.className = "verdict verdict-" + view.status;
    status.textContent = STATUS[view.status] || view.status;
    var time = document.createElement("time");
    time.setAttribute("datetime", view.submittedAt);
    localTime(time);
    summary.appendChild(status);
    summary.appendChild(document.createTextNode(" "));
    summary.appendChild(time);
    var tests = view.tests || [];
    if (tests.length) {
      var count = document.createElement("span");
      count.className = "meta";
      count.textContent = " " + tests.filter(function (t) { return t.status === "passed"; }).length + " of "
        + tests.length + " tests passed";
      summary.appendChild(count);
    }
    body.className = "submission-body";
    if (view.message) {
      var message = document.createElement("pre");
      message.className = "submission-message";
      message.textContent = view.message;
      body.appendChild(message);
    }
    var rows = document.createElement("ol"), slots = {};
    rows.className = "outcomes";
    tests.forEach(function (test) { applyOutcome(rows, test, slots); });
    body.appendChild(rows);
    if (view.code) {
      var caption = document.createElement("p"), pre = document.createElement("pre");
      var code = document.createElement("code"), restore = document.createElement("button");
      caption.className = "io-label";
      caption.textContent = "Code submitted";
      pre.className = "submitted-code";
      code.className = "language-python";
      code.textContent = view.code;
      pre.appendChild(code);
      highlight(code);
      restore.type = "button";
      restore.className = "button small secondary";
      restore.textContent = "Put this code in the editor";
      body.appendChild(caption);
      body.appendChild(pre);
      body.appendChild(restore);
      enableRestore(restore);
    }
    details.appendChild(summary);
    details.appendChild(body);
    item.appendChild(details);
    list.insertBefore(item, list.firstChild);
  }
})();
