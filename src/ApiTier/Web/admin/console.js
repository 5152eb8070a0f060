// The admin console: plain DOM, no framework. Every value from the server is written with
// textContent, never as HTML. Requests carry the session cookie (HTTP-only, set by /admin/session)
// and the X-Console-Request header the server requires on every change.
'use strict';

const api = '/admin/api';
const $ = (id) => document.getElementById(id);

async function call(method, path, body) {
  const init = { method, headers: { 'X-Console-Request': '1' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const json = text && (response.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : null;
  if (response.status === 401 && path !== '/admin/session') {
    showSignIn();
  }
  if (!response.ok) {
    const errors = json && json.errors ? ' ' + Object.values(json.errors).flat().join(' ') : '';
    const message = (json && (json.detail || json.title)) || `HTTP ${response.status}`;
    throw new Error(message + errors);
  }
  return json;
}

function showSignIn() {
  $('console-view').hidden = true;
  $('session').hidden = true;
  $('sign-in-view').hidden = false;
}

function showConsole(session) {
  $('sign-in-view').hidden = true;
  $('session-name').textContent = `${session.name} (${session.role})`;
  $('session').hidden = false;
  $('console-view').hidden = false;
  loadModel();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls a job's status resource until it leaves "running", reporting each state on the way.
async function follow(path, onStatus) {
  for (;;) {
    const status = await call('GET', path);
    onStatus(status);
    if (status.state !== 'running') return status;
    await sleep(400);
  }
}

async function runJob(kind, button, output, describe) {
  button.disabled = true;
  output.className = '';
  output.textContent = 'Starting…';
  try {
    const started = await call('POST', `${api}/jobs`, { kind });
    const finished = await follow(`${api}/jobs/${started.jobId}`, (s) => { output.textContent = `Job ${s.jobId}: ${s.state}…`; });
    if (finished.state === 'completed') {
      output.className = 'ok';
      output.textContent = describe(finished);
    } else {
      output.className = 'error';
      output.textContent = `Job ${finished.jobId} failed: ${finished.error || 'see the silo log'}`;
    }
  } catch (error) {
    output.className = 'error';
    output.textContent = error.message;
  } finally {
    button.disabled = false;
  }
}

// The first column of each row; quotes as in RFC 4180; a header row naming the column is skipped.
function idsFromCsv(text) {
  const ids = [];
  for (const line of text.split(/\r?\n/)) {
    let field = line;
    if (line.startsWith('"')) {
      const match = /^"((?:[^"]|"")*)"/.exec(line);
      field = match ? match[1].replace(/""/g, '"') : line;
    } else {
      field = line.split(',')[0];
    }
    field = field.trim();
    if (field) ids.push(field);
  }
  if (ids.length && /^(user_?id|id)$/i.test(ids[0])) ids.shift();
  return ids;
}

async function startErasure(event) {
  event.preventDefault();
  $('erasure-error').textContent = '';
  let ids = $('erasure-ids').value.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  const file = $('erasure-file').files[0];
  if (file) ids = ids.concat(idsFromCsv(await file.text()));
  if (!ids.length) {
    $('erasure-error').textContent = 'Give at least one user id.';
    return;
  }
  const reason = $('erasure-reason').value.trim();
  try {
    const accepted = await call('POST', `${api}/erasures`, reason ? { userIds: ids, reason } : { userIds: ids });
    // The ids leave this page as soon as the server has them.
    $('erasure-ids').value = '';
    $('erasure-file').value = '';
    $('erasure-job').hidden = false;
    $('erasure-receipts').hidden = true;
    $('erasure-job-id').textContent = accepted.jobId;
    const finished = await follow(`${api}/erasures/${accepted.jobId}`, (s) => {
      $('erasure-state').textContent = s.state;
      $('erasure-progress').max = s.total;
      $('erasure-progress').value = s.done + s.failed;
      $('erasure-counts').textContent = `${s.done + s.failed} of ${s.total} processed: ${s.done} erased, ${s.failed} failed`;
    });
    $('erasure-receipts').href = `${api}/erasures/${finished.jobId}/receipts.csv`;
    $('erasure-receipts').hidden = false;
  } catch (error) {
    $('erasure-error').textContent = error.message;
  }
}

function showAudit(page, summary) {
  const body = $('audit-results').querySelector('tbody');
  body.replaceChildren();
  for (const entry of page.events) {
    const row = document.createElement('tr');
    // A search by user id answers without subjects (the server withholds them); the column then shows '—'.
    for (const value of [entry.sequence, entry.at, entry.kind, entry.actorRole, entry.subjectDigest ?? '—', entry.detail ?? '']) {
      const cell = document.createElement('td');
      cell.textContent = String(value);
      row.append(cell);
    }
    body.append(row);
  }
  $('audit-summary').textContent = `${summary}: ${page.events.length} entr${page.events.length === 1 ? 'y' : 'ies'}${page.next ? ' (more: narrow the search)' : ''}`;
}

async function searchAudit(event) {
  event.preventDefault();
  $('audit-error').textContent = '';
  const userId = $('audit-user').value.trim();
  const kind = $('audit-kind').value;
  const query = kind ? `?kind=${encodeURIComponent(kind)}` : '';
  try {
    if (userId) {
      showAudit(await call('POST', `${api}/audit/search${query}`, { userId }), 'Entries about this user');
    } else {
      await recentAudit();
    }
  } catch (error) {
    $('audit-error').textContent = error.message;
  }
}

// The last day's entries, newest first. The trail is read forwards, so this pages from a day ago to
// the end, at most ten pages, and says so when there is more.
async function recentAudit() {
  $('audit-error').textContent = '';
  const kind = $('audit-kind').value;
  const from = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const base = `${api}/audit?limit=1000&from=${encodeURIComponent(from)}${kind ? `&kind=${encodeURIComponent(kind)}` : ''}`;
  try {
    let page = await call('GET', base);
    const events = [...page.events];
    for (let pages = 1; page.next && pages < 10; pages++) {
      page = await call('GET', `${base}&after=${page.next}`);
      events.push(...page.events);
    }
    showAudit({ events: events.slice(-50).reverse(), next: page.next }, 'Latest entries of the last 24 hours');
  } catch (error) {
    $('audit-error').textContent = error.message;
  }
}

async function loadModel() {
  try {
    const model = await call('GET', `${api}/model`);
    const rows = [
      ['version', model.modelVersion],
      ['built', model.builtAt ? `${model.builtAt} (${Math.max(0, Math.round((Date.now() - Date.parse(model.builtAt)) / 1000))} s ago)` : 'not yet'],
      ['contributors', model.contributors],
      ['items (k ≥ ' + model.minimumSupport + ')', model.items],
      ['interactions', model.interactions],
      ['dense head', `${model.dense.items} items, ${model.dense.current ? 'current' : 'solving'}`],
      ['ranking', model.ranking.origin],
      ['last ranker training', model.ranking.lastTraining
        ? `${model.ranking.lastTraining.trainedAt}: recall@20 ${model.ranking.lastTraining.learnedRecallAt20.toFixed(3)} learned vs ${model.ranking.lastTraining.handSetRecallAt20.toFixed(3)} hand-set, ${model.ranking.lastTraining.adopted ? 'adopted' : 'not adopted'}`
        : 'none yet'],
    ];
    const list = $('model-status');
    list.replaceChildren();
    for (const [name, value] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = String(value);
      list.append(dt, dd);
    }
  } catch (error) {
    $('rebuild-result').textContent = error.message;
  }
}

async function init() {
  for (const kind of ['consent-change', 'export', 'erasure', 'erasure-job', 'catalog-change', 'model-rebuild', 'key-rotation', 'audit-search', 'audit-tamper']) {
    const option = document.createElement('option');
    option.value = option.textContent = kind;
    $('audit-kind').append(option);
  }

  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    try {
      const session = await call('POST', '/admin/session', { key: $('admin-key').value });
      $('admin-key').value = '';
      showConsole(session);
    } catch (error) {
      $('sign-in-error').textContent = error.message;
    }
  });
  $('sign-out').addEventListener('click', async () => {
    await call('DELETE', '/admin/session');
    showSignIn();
  });
  $('erasure-form').addEventListener('submit', startErasure);
  $('audit-form').addEventListener('submit', searchAudit);
  $('audit-recent').addEventListener('click', recentAudit);
  $('model-refresh').addEventListener('click', loadModel);
  $('verify-start').addEventListener('click', () => runJob('audit-verify', $('verify-start'), $('verify-result'), (s) =>
    s.verification.isIntact
      ? `Intact: ${s.verification.verifiedEntries} entries verified.`
      : `Broken at entry ${s.verification.brokenAt}: ${s.verification.problem}`));
  $('rebuild-start').addEventListener('click', () => runJob('model-rebuild', $('rebuild-start'), $('rebuild-result'), (s) => {
    loadModel();
    return `Rebuilt: model version ${s.modelVersion}.`;
  }));
  $('rewrap-start').addEventListener('click', () => runJob('key-rewrap', $('rewrap-start'), $('rewrap-result'), (s) =>
    `Re-wrapped ${s.rewrapped} data keys with the current master key.`));

  try {
    showConsole(await call('GET', '/admin/session'));
  } catch {
    showSignIn();
  }
}

init();
