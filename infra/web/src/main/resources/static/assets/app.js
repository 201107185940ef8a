// PyLearn's shared page script: every page works without it; with it, forms that can answer in place do,
// and results arrive as toasts. Loaded with `defer`, so the document is parsed when it runs.
(function () {
  "use strict";

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : null;
  }

  // Calls the JSON API with the browser's session cookie and its CSRF token; a refusal rejects with the
  // problem document's detail, which is what the page shows.
  function api(method, url, body) {
    var headers = { "Accept": "application/json" };
    var token = cookie("XSRF-TOKEN");
    if (token) { headers["X-XSRF-TOKEN"] = token; }
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(url, { method: method, headers: headers, credentials: "same-origin",
                        body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        var parsed = type.indexOf("json") >= 0 ? response.json() : Promise.resolve(null);
        return parsed.then(function (json) {
          if (!response.ok) {
            var error = new Error(json && json.detail ? json.detail : "Something went wrong (" + response.status + ").");
            error.problem = json; error.status = response.status;
            error.retryAfter = response.headers.get("Retry-After");
            throw error;
          }
          return json;
        });
      });
  }

  function toast(text, kind) {
    var region = document.querySelector("[data-toasts]");
    if (!region) { return; }
    var item = document.createElement("div");
    item.className = "toast" + (kind ? " " + kind : "");
    item.textContent = text;
    region.appendChild(item);
    setTimeout(function () { item.remove(); }, 8000);
  }

  function preselectTimezone() {
    var select = document.querySelector("select[data-browser-zone='preselect']");
    if (!select || !window.Intl) { return; }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) { select.selectedIndex = i; return; }
    }
  }

  function completeLessonInPlace() {
    var form = document.querySelector("form[data-complete-lesson]");
    if (!form) { return; }
    var result = document.querySelector("[data-completion-result]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      button.disabled = true;
      api("POST", "/api/me/lessons/" + encodeURIComponent(form.dataset.completeLesson) + "/completion")
        .then(function (done) {
          form.remove();
          result.textContent = done.alreadyCompleted ? "You had already completed this lesson."
            : "Lesson completed: +" + done.xpAwarded + " XP. You now have " + done.totalXp + " XP (level " + done.level + ").";
          toast("+" + done.xpAwarded + " XP");
          (done.achievementsUnlocked || []).forEach(function (achievement) {
            toast("Achievement unlocked: " + achievement, "achievement");
          });
        })
        .catch(function (error) {
          button.disabled = false;
          result.textContent = error.message;
        });
    });
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  window.PyLearn = { api: api, toast: toast, cookie: cookie };
  preselectTimezone();
  completeLessonInPlace();
  focusErrorSummary();
})();
