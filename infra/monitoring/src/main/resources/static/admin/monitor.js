// The admin monitor: logs in with the JSON API, keeps the token in this tab's sessionStorage, and
// reads /api/admin/monitor every 5 s and /api/admin/monitor/trends every minute. Everything is
// written with textContent: statement shapes and routes are shown as text, never as markup.
'use strict';

const TOKEN_KEY = 'pylearn.monitor.token';
const REFRESH_MS = 5000;
const TRENDS_EVERY = 12; // refreshes
const charts = {};
let refreshes = 0;
let timer = null;

const $ = (id) => document.getElementById(id);

function show(section) {
  for (const id of ['login', 'refused', 'monitor']) {
    $(id).hidden = id !== section;
  }
  $('logout').hidden = section === 'login';
}

function status(text) {
  $('status').textContent = text;
}

async function api(path) {
  // a token from this page's own log-in, else the browser's session cookie (an admin who came from /admin)
  const token = sessionStorage.getItem(TOKEN_KEY);
  const response = await fetch(path, {headers: token ? {Authorization: 'Bearer ' + token} : {}});
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    stop();
    show('login');
    loginError('Your session has ended; log in again.');
    throw new Error('unauthenticated');
  }
  if (response.status === 403) {
    stop();
    show('refused');
    throw new Error('refused');
  }
  if (!response.ok) {
    throw new Error(path + ': HTTP ' + response.status);
  }
  return response.json();
}

function loginError(text) {
  $('login-error').textContent = text;
  $('login-error').hidden = !text;
}

async function login(event) {
  event.preventDefault();
  loginError('');
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({username: $('username').value, password: $('password').value})
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    loginError(body.detail || 'Log-in failed (HTTP ' + response.status + ').');
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, body.token);
  $('password').value = '';
  start();
}

function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  stop();
  show('login');
}

function start() {
  refreshes = 0;
  refresh();
}

function stop() {
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
}

async function refresh() {
  try {
    const monitor = await api('/api/admin/monitor');
    if (refreshes % TRENDS_EVERY === 0) {
      renderTrends(await api('/api/admin/monitor/trends?hours=24'));
    }
    show('monitor');
    render(monitor);
    status('updated ' + new Date(monitor.generatedAt).toLocaleTimeString());
    refreshes++;
  } catch (e) {
    if (e.message === 'unauthenticated' || e.message === 'refused') {
      return;
    }
    status('update failed: ' + e.message);
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

const fixed = (n, digits = 1) => (n === null || n === undefined ? '-' : Number(n).toFixed(digits));
const pct = (n) => fixed(n * 100) + ' %';
const mb = (bytes) => (bytes < 0 ? '-' : Math.round(bytes / 1048576) + ' MB');
const time = (iso) => (iso ? new Date(iso).toLocaleString() : '');

function fill(tableId, rows, columns, rowClass) {
  const body = $(tableId).tBodies[0];
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = body.insertRow();
    tr.className = 'empty';
    const td = tr.insertCell();
    td.colSpan = columns.length;
    td.textContent = 'none';
    return;
  }
  for (const row of rows) {
    const tr = body.insertRow();
    if (rowClass) {
      tr.className = rowClass(row);
    }
    for (const column of columns) {
      const td = tr.insertCell();
      const [value, className] = [].concat(column(row));
      td.textContent = value;
      if (className) {
        td.className = className;
      }
    }
  }
}

function render(m) {
  const r = m.requests;
  $('tile-rate').textContent = fixed(r.perSecond, 2);
  $('tile-latency').textContent = r.p50Ms + ' / ' + r.p95Ms + ' / ' + r.p99Ms + ' ms';
  $('tile-errors').textContent = pct(r.errorRate);
  $('tile-slow').textContent = pct(r.slowRate);
  $('tile-statements').textContent = fixed(r.statementsPerRequest, 2);
  $('tile-queue').textContent = m.worker.queued + ' queued, ' + m.worker.running + ' running';
  $('tile-pool').textContent = fixed(m.pool.active, 0) + ' / ' + fixed(m.pool.max, 0);
  $('tile-memory').textContent = mb(m.memory.heapUsedBytes) + ' / ' + mb(m.memory.heapMaxBytes);

  fill('alerts-open', m.alerts.open, [(a) => time(a.openedAt), (a) => a.severity, (a) => a.rule, (a) => a.endpoint,
    (a) => a.message], (a) => a.severity);
  fill('alerts-recent', m.alerts.recent, [(a) => time(a.openedAt), (a) => time(a.resolvedAt) || 'open', (a) => a.rule,
    (a) => a.endpoint, (a) => a.message]);
  fill('routes', m.routes, [(x) => x.endpoint, (x) => x.requests, (x) => x.errors, (x) => fixed(x.avgMs),
    (x) => x.p95Ms, (x) => fixed(x.statementsPerRequest, 2)]);
  fill('endpoints', m.statements.endpoints, [(x) => x.endpoint, (x) => x.kind, (x) => x.count,
    (x) => fixed(x.avgStatements, 2), (x) => x.maxStatements, (x) => fixed(x.avgDbMs, 2)]);
  fill('n-plus-one', m.statements.nPlusOne, [(x) => x.endpoint, (x) => [x.sql, 'sql'], (x) => x.occurrences,
    (x) => x.maxRepeats, (x) => time(x.lastSeen)]);
  fill('slow', m.statements.slow, [(x) => time(x.at), (x) => x.endpoint, (x) => x.durationMs, (x) => [x.sql, 'sql']]);
  fill('top-count', m.statements.topByCount, [(x) => [x.sql, 'sql'], (x) => x.count, (x) => fixed(x.avgMs, 2)]);
  fill('top-time', m.statements.topByTime, [(x) => [x.sql, 'sql'], (x) => fixed(x.totalMs), (x) => x.count]);
  fill('projections', m.projections, [(x) => x.processor, (x) => x.events, (x) => fixed(x.seconds)]);
  $('worker').textContent = m.worker.queued + ' queued, ' + m.worker.running + ' running, ' + m.worker.inFlight
    + ' in flight on this node; ' + m.worker.runs + ' code runs, ' + m.worker.backendRetries + ' retries, '
    + m.worker.backendErrors + ' backend errors since start';

  const labels = m.series.map((p) => new Date(p.at).toLocaleTimeString());
  chart('chart-live-requests', 'bar', labels, [{label: 'requests', data: m.series.map((p) => p.requests)},
    {label: '5xx', data: m.series.map((p) => p.errors)}]);
  chart('chart-live-latency', 'line', labels, [{label: 'p95 ms', data: m.series.map((p) => p.p95Ms)}]);
}

function renderTrends(hours) {
  const labels = hours.map((h) => new Date(h.hour).toLocaleString([], {day: '2-digit', hour: '2-digit', minute: '2-digit'}));
  chart('chart-trend-requests', 'bar', labels, [{label: 'requests', data: hours.map((h) => h.requests)}]);
  chart('chart-trend-latency', 'line', labels, [{label: 'average ms', data: hours.map((h) => Math.round(h.avgResponseMs))},
    {label: 'p95 ms', data: hours.map((h) => h.p95ResponseMs)}]);
  chart('chart-trend-errors', 'bar', labels, [{label: '5xx', data: hours.map((h) => h.errors)},
    {label: 'slow', data: hours.map((h) => h.slowRequests)}]);
  chart('chart-trend-statements', 'line', labels, [
    {label: 'statements/request', data: hours.map((h) => Number(h.statementsPerRequest.toFixed(2)))},
    {label: 'active learners', data: hours.map((h) => h.activeLearners)}]);
}

function chart(id, type, labels, datasets) {
  const existing = charts[id];
  if (existing) {
    existing.data.labels = labels;
    existing.data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
    existing.update('none');
    return;
  }
  charts[id] = new Chart($(id), {
    type,
    data: {labels, datasets},
    options: {animation: false, responsive: true, maintainAspectRatio: true, scales: {y: {beginAtZero: true}}}
  });
}

$('login-form').addEventListener('submit', login);
$('logout').addEventListener('click', logout);
if (sessionStorage.getItem(TOKEN_KEY)) {
  start();
} else {
  // logged in to the web app already: no second log-in
  fetch('/api/auth/session').then((response) => response.ok ? start() : show('login')).catch(() => show('login'));
}
