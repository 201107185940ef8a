// Battle lobby: while the learner waits in the queue (or for a challenge's answer), asks every two
// seconds whether a battle has started and goes to it. Without JavaScript the page's Refresh link does.
(function () {
  const lobby = document.querySelector('[data-lobby]');
  if (!lobby || (lobby.dataset.queued !== 'true' && !lobby.querySelector('[data-current-battle]'))) {
    return;
  }
  const link = lobby.querySelector('[data-battle-link]');
  const check = () => fetch('/api/battles/current', {headers: {Accept: 'application/json'}})
    .then((response) => (response.ok ? response.json() : null))
    .then((current) => {
      if (current && current.battleId && current.status === 'active') {
        window.location.href = '/battles/' + encodeURIComponent(current.battleId);
      }
    })
    .catch(() => {});
  if (lobby.dataset.queued === 'true' || (link && lobby.querySelector('[data-current-battle]'))) {
    setInterval(check, 2000);
  }
})();
