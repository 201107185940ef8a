// The chat page's script: new messages arrive live from the conversation's event stream, and the form
// sends through the JSON API without reloading. Each message is shown once, in order: the stream's ids
// are the messages' numbers, the page skips any number it already shows, and a browser that reconnects
// names the last number it got (Last-Event-ID) and receives only what came after.
(function () {
  "use strict";
  var page = document.querySelector("[data-chat]");
  if (!page || !window.EventSource || !window.PyLearn) { return; }
  var id = page.dataset.chat;
  var list = page.querySelector("[data-messages]");
  var form = page.querySelector("[data-chat-form]");
  var textarea = form.querySelector("textarea");
  var error = page.querySelector("[data-chat-error]");
  var shown = {};
  Array.prototype.forEach.call(list.querySelectorAll("[data-seq]"), function (item) { shown[item.dataset.seq] = item; });

  function render(message) {
    var item = document.createElement("li");
    item.dataset.seq = String(message.seq);
    var name = document.createElement("strong");
    name.textContent = message.senderName || "someone";
    item.appendChild(name);
    item.appendChild(document.createTextNode(": "));
    var body = document.createElement(message.hidden ? "em" : "span");
    if (message.hidden) {
      body.dataset.hidden = "";
      body.textContent = "hidden by a moderator: " + message.hideReason;
    } else {
      body.dataset.text = "";
      body.textContent = message.text;
    }
    item.appendChild(body);
    if (!message.hidden && message.unhideReason) {
      var note = document.createElement("small");
      note.dataset.unhidden = "";
      note.textContent = " (restored by a moderator: " + message.unhideReason + ")";
      item.appendChild(note);
    }
    return item;
  }

  var stream = new EventSource("/api/chat/conversations/" + encodeURIComponent(id) + "/stream?after=" +
                               encodeURIComponent(page.dataset.lastSeq || "0"));
  stream.addEventListener("message", function (event) {
    var message = JSON.parse(event.data);
    if (shown[message.seq]) { return; }
    var item = render(message);
    shown[message.seq] = item;
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
    PyLearn.api("POST", "/api/chat/conversations/" + encodeURIComponent(id) + "/read", { seq: message.seq })
      .catch(function () { /* the unread count is only a hint */ });
  });
  function replace(message) {
    var item = shown[message.seq];
    if (item) {
      message.senderName = message.senderName || item.querySelector("strong").textContent;
      var replacement = render(message);
      item.replaceWith(replacement);
      shown[message.seq] = replacement;
    }
  }
  stream.addEventListener("hidden", function (event) {
    var message = JSON.parse(event.data);
    replace({ seq: message.seq, hidden: true, hideReason: message.hideReason });
  });
  stream.addEventListener("shown", function (event) { replace(JSON.parse(event.data)); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = textarea.value;
    error.hidden = true;
    PyLearn.api("POST", "/api/chat/conversations/" + encodeURIComponent(id) + "/messages", { text: text })
      .then(function () { textarea.value = ""; textarea.focus(); })
      .catch(function (failure) { error.textContent = failure.message; error.hidden = false; });
  });
})();
