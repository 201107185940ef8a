// The monitor's AI tutor card: reads /api/admin/monitor/tutor (usage of the last 24 h by provider) every
// 30 s while the monitor is shown. Kept in its own file so the monitor page only gains a card and a tag.
'use strict';
(function () {
  const card = document.getElementById('tutor-usage');
  if (!card) { return; }
  const body = card.querySelector('tbody');
  async function refresh() {
    if (document.getElementById('monitor').hidden) { return; }
    const token = sessionStorage.getItem('pylearn.monitor.token');
    const response = await fetch('/api/admin/monitor/tutor', {headers: token ? {Authorization: 'Bearer ' + token} : {}});
    if (!response.ok) { return; }
    const rows = await response.json();
    body.replaceChildren(...rows.map((row) => {
      const tr = document.createElement('tr');
      [row.provider, row.questions, row.answered, row.failed, row.learners, row.tokensIn, row.tokensOut,
        row.avgLatencyMs ?? '', row.p95LatencyMs ?? ''].forEach((value) => {
        const td = document.createElement('td');
        td.textContent = String(value);
        tr.appendChild(td);
      });
      return tr;
    }));
    if (!rows.length) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = 9;
      td.textContent = 'No tutor questions in the last 24 hours.';
      tr.appendChild(td);
      body.replaceChildren(tr);
    }
  }
  refresh().catch(() => {});
  setInterval(() => refresh().catch(() => {}), 30000);
  new MutationObserver(() => refresh().catch(() => {}))
    .observe(document.getElementById('monitor'), {attributes: true, attributeFilter: ['hidden']});
})();
