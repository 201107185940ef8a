// The tutor panel on lesson and challenge pages: the form works without this script (it posts to
// /tutor/questions and the answer opens on the conversation page); with it, the answer streams in place
// from POST /api/tutor/questions (server-sent events read from the fetch body, since EventSource cannot POST),
// and the questions left today are shown. The streamed text is plain; once the answer is complete it is
// replaced by the answer as the history shows it: its Markdown rendered to HTML and sanitized on the
// server (the forum's renderer), its Python highlighted.
(function () {
  "use strict";

  var panel = document.querySelector("[data-tutor-panel]");
  var form = panel && panel.querySelector("[data-tutor-form]");
  if (!form || !window.fetch || !window.TextDecoder) { return; }
  var log = panel.querySelector("[data-tutor-log]");
  var remainingLabel = panel.querySelector("[data-tutor-remaining]");
  var conversation = form.querySelector("[data-tutor-conversation]");
  var button = form.querySelector("button[type=submit]");

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : null;
  }

  function showRemaining(remaining, resetAt) {
    if (!remainingLabel) { return; }
    var reset = resetAt ? new Date(resetAt) : null;
    remainingLabel.textContent = "Questions left today: " + remaining +
      (reset ? " (the count starts again at " + reset.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + ")." : ".");
    remainingLabel.setAttribute("data-remaining", String(remaining));
  }

  fetch("/api/tutor/allowance", { headers: { "Accept": "application/json" }, credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (a) { if (a) { showRemaining(a.remaining, a.resetAt); } })
    .catch(function () { /* the count is a nicety; asking still works */ });

  function exchange(question) {
    var item = document.createElement("article");
    item.className = "tutor-exchange";
    var q = document.createElement("h3");
    q.className = "tutor-question";
    q.textContent = question;
    var a = document.createElement("div");
    a.className = "tutor-answer";
    a.setAttribute("data-answer", "");
    item.appendChild(q);
    item.appendChild(a);
    log.insertBefore(item, log.firstChild);
    return { item: item, answer: a };
  }

  // The answer as the history keeps it (sanitized HTML), once the tutor projection has it: asked a few times.
  function rendered(conversationId, questionId, answer, tries) {
    fetch("/api/tutor/conversations/" + encodeURIComponent(conversationId) + "/messages",
          { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (page) {
        var found = page && (page.messages || []).filter(function (m) { return m.questionId === questionId; })[0];
        if (found && found.answerHtml) {
          answer.innerHTML = found.answerHtml;
          answer.classList.add("prose");
          answer.querySelectorAll("pre > code.language-python").forEach(highlight);
        } else if (tries < 10) {
          setTimeout(function () { rendered(conversationId, questionId, answer, tries + 1); }, 400);
        }
      })
      .catch(function () { /* the streamed text stays */ });
  }

  // the lesson page has CodeMirror's run mode, the challenge page the editor's own highlighting
  function highlight(code) {
    if (window.CodeMirror && CodeMirror.runMode) {
      CodeMirror.runMode(code.textContent, "python", code);
      code.classList.add("cm-s-default");
    } else if (window.PyLearnEditor) {
      PyLearnEditor.highlight(code);
    }
  }

  // one SSE event block ("event: x\ndata: {...}") -> {name, data}
  function parse(block) {
    var name = "message", data = [];
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
      else if (line.indexOf("data:") === 0) { data.push(line.slice(5).replace(/^ /, "")); }
    });
    return { name: name, data: data.length ? JSON.parse(data.join("\n")) : null };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var field = form.querySelector("textarea[name=question]");
    var question = field.value.trim();
    if (!question) { field.focus(); return; }
    var shown = exchange(question);
    button.disabled = true;
    var headers = { "Accept": "text/event-stream", "Content-Type": "application/json" };
    var token = cookie("XSRF-TOKEN");
    if (token) { headers["X-XSRF-TOKEN"] = token; }
    var body = {
      question: question,
      contextKind: form.querySelector("[name=contextKind]").value,
      contextId: form.querySelector("[name=contextId]").value,
      conversationId: conversation.value || null
    };
    fetch("/api/tutor/questions", { method: "POST", headers: headers, credentials: "same-origin", body: JSON.stringify(body) })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("text/event-stream") < 0) {
          return response.json().then(function (problem) {
            shown.item.classList.add("tutor-failed");
            shown.answer.textContent = problem && problem.detail ? problem.detail : "The tutor could not take the question (" + response.status + ").";
            if (problem && problem.remaining !== undefined) { showRemaining(problem.remaining, problem.resetAt); }
          });
        }
        field.value = "";
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffered = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) { return; }
            buffered += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
            var end;
            while ((end = buffered.indexOf("\n\n")) >= 0) {
              var message = parse(buffered.slice(0, end));
              buffered = buffered.slice(end + 2);
              if (message.name === "accepted") {
                conversation.value = message.data.conversationId;
                shown.questionId = message.data.questionId;
                showRemaining(message.data.remaining, message.data.resetAt);
              } else if (message.name === "token") {
                shown.answer.textContent += message.data.text;
              } else if (message.name === "answered") {
                rendered(conversation.value, shown.questionId, shown.answer, 0);
              } else if (message.name === "failed") {
                shown.item.classList.add("tutor-failed");
                shown.answer.textContent = message.data.message;
              }
            }
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        shown.item.classList.add("tutor-failed");
        shown.answer.textContent = "The connection to the tutor was lost; your conversations page has the answer if one came.";
      })
      .then(function () { button.disabled = false; });
  });
})();
