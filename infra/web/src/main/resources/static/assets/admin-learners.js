// The learners page: award XP, grant or revoke roles and turn premium on or off through the admin JSON API,
// each answer (or refusal, such as the last admin's) shown next to the control that caused it.
(function () {
  "use strict";
  var list = document.querySelector(".learners");
  if (!list || !window.PyLearn) { return; }

  function say(card, text, ok) {
    var message = card.querySelector("[data-message]");
    message.textContent = text;
    message.className = "action-result " + (ok ? "ok" : "bad");
  }

  function fieldError(input, text) {
    var error = document.getElementById(input.id + "-error");
    var wrapper = input.closest(".field");
    if (text) {
      error.textContent = "Error: " + text;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      wrapper.classList.add("has-error");
      input.focus();
    } else {
      error.textContent = "";
      error.hidden = true;
      input.removeAttribute("aria-invalid");
      wrapper.classList.remove("has-error");
    }
  }

  function showRoles(card, roles) {
    var sorted = roles.slice().sort();
    card.querySelector("[data-field='roles']").textContent = sorted.join(", ");
    card.querySelectorAll("button[data-role]").forEach(function (button) {
      var has = sorted.indexOf(button.dataset.role) >= 0;
      button.dataset.hasRole = has ? "true" : "false";
      button.textContent = (has ? "Revoke " : "Grant ") + button.dataset.role;
      button.form.elements.op.value = has ? "revoke" : "grant";
    });
  }

  function showPremium(card, premium) {
    card.querySelector("[data-field='premium']").textContent = premium ? "yes" : "no";
    var button = card.querySelector("button[data-premium]");
    button.dataset.premium = premium ? "true" : "false";
    button.textContent = premium ? "Turn premium off" : "Turn premium on";
    button.form.elements.op.value = premium ? "premium-off" : "premium-on";
  }

  list.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-award-xp]");
    if (!form) { return; }
    event.preventDefault();
    var card = form.closest("[data-learner]");
    var amount = form.elements.amount;
    var text = amount.value.trim();
    if (!/^-?\d+$/.test(text)) {
      fieldError(amount, "Enter the XP to award as a whole number, such as 50.");
      return;
    }
    fieldError(amount, null);
    fieldError(form.elements.reason, null);
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    PyLearn.api("POST", "/api/admin/learners/" + encodeURIComponent(card.dataset.learner) + "/xp",
      { amount: parseInt(text, 10), reason: form.elements.reason.value })
      .then(function (result) {
        card.querySelector("[data-field='xp']").textContent = result.totalXp;
        card.querySelector("[data-field='level']").textContent = result.level;
        say(card, "Awarded " + text + " XP: " + card.dataset.username + " now has " + result.totalXp + " XP (level "
          + result.level + ").", true);
        amount.value = "";
      })
      .catch(function (error) {
        var type = error.problem && error.problem.type ? error.problem.type : "";
        if (/invalid-xp-reason$/.test(type)) { fieldError(form.elements.reason, error.message); }
        else if (/invalid-xp-amount$/.test(type)) { fieldError(amount, error.message); }
        else { say(card, error.message, false); }
      })
      .then(function () { button.disabled = false; });
  });

  // the role and premium forms post to the page without JavaScript; with it, the JSON API answers in place
  list.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-role-form], form[data-premium-form]");
    if (!form) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    var card = button.closest("[data-learner]");
    var learner = encodeURIComponent(card.dataset.learner);
    button.disabled = true;
    var call;
    if (button.dataset.role) {
      var role = button.dataset.role;
      var granting = button.dataset.hasRole !== "true";
      call = PyLearn.api(granting ? "PUT" : "DELETE", "/api/admin/accounts/" + learner + "/roles/" + role)
        .then(function (result) {
          showRoles(card, result.roles);
          say(card, (granting ? "Granted " : "Revoked ") + role + (granting ? " to " : " from ") + card.dataset.username
            + ". Their sessions ended: the change applies when they log in again.", true);
        });
    } else {
      var on = button.dataset.premium !== "true";
      call = PyLearn.api(on ? "PUT" : "DELETE", "/api/admin/learners/" + learner + "/premium")
        .then(function (result) {
          showPremium(card, result.premium);
          say(card, "Premium is now " + (result.premium ? "on" : "off") + " for " + card.dataset.username + ".", true);
        });
    }
    call.catch(function (error) { say(card, error.message, false); })
      .then(function () { button.disabled = false; });
  });
})();
