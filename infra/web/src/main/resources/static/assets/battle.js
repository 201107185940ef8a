// Battle page: the code editor (editor.js, the challenge page's) in place of the text area; follows the
// battle live (server-sent events) and shows the opponent's state as it changes; counts down to the time
// limit; reloads once the battle has ended, so the page shows the result and both codes. Without
// JavaScript the form posts the text area and a reload shows the same.
(function () {
  const page = document.querySelector('[data-battle]');
  if (!page) {
    return;
  }
  const textarea = document.getElementById('code');
  if (textarea && window.PyLearnEditor) {
    PyLearnEditor.attach(textarea);
  }
  if (window.PyLearnEditor) {
    page.querySelectorAll('pre > code.language-python').forEach(PyLearnEditor.highlight);
  }
  if (!window.EventSource) {
    return;
  }
  const status = page.dataset.status;
  if (status !== 'active' && status !== 'requested') {
    return;
  }
  const set = (player, view) => {
    const box = page.querySelector('[data-player="' + player + '"]');
    if (!box) {
      return;
    }
    box.querySelector('[data-submissions]').textContent = view.submissions;
    box.querySelector('[data-submitting]').textContent = view.submitting;
    box.querySelector('[data-best]').textContent = view.bestPassed;
    const joined = box.querySelector('[data-joined]');
    if (joined) {
      joined.textContent = view.joined ? 'Joined' : 'Not joined yet';
    }
  };
  const countdown = page.querySelector('[data-countdown]');
  if (countdown && page.dataset.endsAt) {
    const ends = Date.parse(page.dataset.endsAt);
    const tick = () => {
      const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      countdown.textContent = '(' + Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0') + ' left)';
    };
    tick();
    setInterval(tick, 1000);
  }
  const events = new EventSource('/api/battles/' + encodeURIComponent(page.dataset.battle) + '/stream');
  events.addEventListener('battle', (event) => {
    const view = JSON.parse(event.data);
    set('you', view.you);
    set('opponent', view.opponent);
    if (view.status !== status) {
      events.close();
      window.location.reload();
    }
  });
  events.onerror = () => {
    // the stream ends when the battle does; a dropped one is reopened by the browser
  };
})();
