// The web UI of a Pushgateway Cluster node. Reads only the JSON API; every URL is relative to the
// page, so the UI works under a route prefix and behind a proxy that moves it to another path.
'use strict';

// The page's directory, from which every request is made. Built from origin and path, never from
// the page's own URL: a page opened as http://user:password@host/ would otherwise hand fetch() URLs
// with credentials in them, which it refuses. Same origin, so the browser still sends the basic-auth
// credentials it was given for the page.
const BASE = location.origin + location.pathname.replace(/[^/]*$/, '');

const PAGE_SIZE = 50;
const REFRESH_MILLIS = 10000;
const FETCH_TIMEOUT_MILLIS = 10000;
const GROUP_FIELDS = new Set(['labels', 'last_push_successful', 'ttl_seconds', 'expires_at']);

const state = {
  groups: [],          // every group as the API returned it, with a few derived fields
  status: null,        // data of /api/v1/status
  clockOffset: 0,      // server time minus browser time, from the Date header
  page: 0,
  open: new Set(),     // ids of groups whose families are shown
};

const $ = (id) => document.getElementById(id);

// ---- small DOM helpers: text always goes through textContent, never through HTML ----

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function fillTable(tbody, rows) {
  tbody.replaceChildren(...rows.map(([key, value]) => el('tr', {}, el('th', {}, key), el('td', {}, value))));
}

// ---- time ----

function now() {
  return Date.now() + state.clockOffset;
}

/** RFC 3339 with up to nine fractional digits, as the API writes it, to milliseconds. */
function parseTime(text) {
  return text ? Date.parse(text.replace(/(\.\d{3})\d+/, '$1')) : NaN;
}

function duration(seconds) {
  seconds = Math.max(0, Math.round(seconds));
  const parts = [[86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']];
  const out = [];
  for (const [size, unit] of parts) {
    if (seconds >= size || (unit === 's' && out.length === 0)) {
      out.push(Math.floor(seconds / size) + unit);
      seconds %= size;
    }
    if (out.length === 2) break;
  }
  return out.join(' ');
}

function ago(millis) {
  const seconds = (now() - millis) / 1000;
  return seconds < 1 ? 'just now' : duration(seconds) + ' ago';
}

function absolute(millis) {
  return new Date(millis).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** An element whose text the ticker keeps current: "3m 10s ago", or "in 4m 2s". */
function liveTime(millis, kind) {
  const node = el('span', { class: 'live', 'data-millis': millis, 'data-kind': kind, title: absolute(millis) });
  updateLiveTime(node);
  return node;
}

function updateLiveTime(node) {
  const millis = Number(node.dataset.millis);
  if (node.dataset.kind === 'left') {
    const left = (millis - now()) / 1000;
    node.textContent = left > 0 ? 'expires in ' + duration(left) : 'expiring now';
  } else {
    node.textContent = ago(millis);
  }
}

// ---- the API ----

/** fetch() of a path relative to the page's directory. */
function request(path, options) {
  return fetch(BASE + path, options);
}

async function getJson(path) {
  // A node that accepts the connection but never answers must not leave the page loading forever.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MILLIS);
  let response;
  try {
    response = await request(path, { cache: 'no-store', headers: { Accept: 'application/json' }, signal: abort.signal });
  } catch (error) {
    throw new Error(abort.signal.aborted
      ? 'no answer within ' + FETCH_TIMEOUT_MILLIS / 1000 + ' s'
      : 'the node did not answer (' + error.message + ')');
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) throw new Error(refusal(response.status, 'view groups') || path + ' answered ' + response.status);
  const date = Date.parse(response.headers.get('Date'));
  if (!Number.isNaN(date) && Math.abs(date - Date.now()) > 2000) state.clockOffset = date - Date.now();
  return (await response.json()).data;
}

/** The push URL of a group: every value in base64, so slashes and empty values need no care. */
function groupPath(labels) {
  const b64 = (text) => {
    if (text === '') return '=';
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  let path = 'metrics/job@base64/' + b64(labels.job);
  for (const name of Object.keys(labels).sort()) {
    if (name !== 'job') path += '/' + name + '@base64/' + b64(labels[name]);
  }
  return path;
}

function labelText(labels) {
  return '{' + Object.keys(labels).sort().map((k) => k + '="' + labels[k] + '"').join(', ') + '}';
}

function firstValue(group, family) {
  const metrics = group[family] && group[family].metrics;
  return metrics && metrics.length ? Number(metrics[0].value) : 0;
}

function derive(group) {
  const labels = group.labels || {};
  const id = labelText(labels);
  return {
    raw: group,
    id,
    labels,
    search: id.toLowerCase(),
    lastPush: firstValue(group, 'push_time_seconds') * 1000,
    lastFailure: firstValue(group, 'push_failure_time_seconds') * 1000,
    ok: group.last_push_successful !== false,
    ttlSeconds: group.ttl_seconds ? Number(group.ttl_seconds) : 0,
    expiresAt: parseTime(group.expires_at),
    families: Object.keys(group).filter((k) => !GROUP_FIELDS.has(k)).sort(),
  };
}

// ---- notices ----

function notify(text, ok) {
  const notice = $('notice');
  notice.textContent = text;
  notice.className = ok ? 'ok' : 'error';
  notice.hidden = false;
}

/** What a 401 or 403 means to the user of the page, or null for any other status. */
function refusal(status, action) {
  if (status === 401) return 'not signed in: this node needs a user name and password (401)';
  if (status === 403) return 'not allowed: this user may not ' + action + ' (403)';
  return null;
}

async function describeFailure(response, action) {
  const refused = refusal(response.status, action);
  if (refused) return refused;
  const body = (await response.text()).trim();
  return response.status + (body ? ': ' + body : '');
}

// ---- groups tab ----

function visibleGroups() {
  const terms = $('filter').value.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = state.groups.filter((g) => terms.every((t) => g.search.includes(t)));
  const order = {
    newest: (a, b) => Math.max(b.lastPush, b.lastFailure) - Math.max(a.lastPush, a.lastFailure),
    oldest: (a, b) => Math.max(a.lastPush, a.lastFailure) - Math.max(b.lastPush, b.lastFailure),
    labels: (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    expiry: (a, b) => (a.expiresAt || Infinity) - (b.expiresAt || Infinity),
  }[$('sort').value];
  return groups.sort((a, b) => order(a, b) || (a.id < b.id ? -1 : 1));
}

function renderGroups() {
  const groups = visibleGroups();
  const pages = Math.max(1, Math.ceil(groups.length / PAGE_SIZE));
  state.page = Math.min(state.page, pages - 1);
  const first = state.page * PAGE_SIZE;
  const shown = groups.slice(first, first + PAGE_SIZE);
  const total = state.groups.length;
  $('group-count').textContent = groups.length === total
    ? total + (total === 1 ? ' group' : ' groups')
    : groups.length + ' of ' + total + ' groups match';
  $('page-info').textContent = groups.length ? (first + 1) + '–' + (first + shown.length) + ' of ' + groups.length : '';
  $('prev-page').disabled = state.page === 0;
  $('next-page').disabled = state.page >= pages - 1;
  const container = $('groups');
  if (!shown.length) {
    container.replaceChildren(el('div', { class: 'empty' }, total ? 'No group matches the filter.' : 'No groups have been pushed yet.'));
    return;
  }
  container.replaceChildren(...shown.map(groupCard));
}

function groupCard(group) {
  const names = Object.keys(group.labels).sort((a, b) => (a === 'job' ? -1 : b === 'job' ? 1 : a < b ? -1 : 1));
  const chips = names.map((k) =>
    el('span', { class: 'chip' }, el('b', {}, k), '="' + group.labels[k] + '"'));
  const facts = [];
  if (group.lastPush) {
    facts.push(el('span', {}, 'last push ', liveTime(group.lastPush, 'ago'), ' · ', absolute(group.lastPush)));
  }
  facts.push(group.ok
    ? el('span', { class: 'badge ok' }, 'last push OK')
    : el('span', { class: 'badge bad', title: 'failed at ' + absolute(group.lastFailure) }, 'last push failed ', ago(group.lastFailure)));
  if (group.ttlSeconds > 0) {
    facts.push(el('span', { class: 'badge warn' }, 'TTL ' + duration(group.ttlSeconds)));
    facts.push(el('span', { class: 'ttl' }, liveTime(group.expiresAt, 'left')));
  } else {
    facts.push(el('span', { class: 'ttl' }, 'no TTL'));
  }
  const details = el('details', { class: 'families', open: state.open.has(group.id) },
    el('summary', {}, group.families.length + ' metric families'));
  details.addEventListener('toggle', () => {
    if (details.open) {
      state.open.add(group.id);
      if (details.children.length === 1) details.append(...group.families.map((name) => familyView(name, group.raw[name])));
    } else {
      state.open.delete(group.id);
    }
  });
  if (details.open) details.append(...group.families.map((name) => familyView(name, group.raw[name])));
  return el('article', { class: 'group' + (group.ok ? '' : ' failed'), 'data-group': group.id },
    el('div', { class: 'group-head' },
      el('div', { class: 'group-labels' }, chips),
      el('div', { class: 'facts' }, facts),
      el('button', { type: 'button', class: 'danger delete', onclick: () => deleteGroup(group) }, 'Delete')),
    details);
}

function familyView(name, family) {
  const rows = (family.metrics || []).map((metric) =>
    el('tr', {}, el('td', {}, labelText(metric.labels || {})), el('td', {}, seriesValue(metric))));
  return el('div', { class: 'family', 'data-family': name },
    el('div', {}, el('span', { class: 'family-name' }, name), el('span', { class: 'family-type' }, family.type)),
    family.help ? el('div', { class: 'family-help' }, family.help) : null,
    el('table', { class: 'series' }, el('tbody', {}, rows)));
}

function seriesValue(metric) {
  if (metric.value !== undefined) return metric.value;
  const pairs = [];
  if (metric.quantiles) {
    for (const q of Object.keys(metric.quantiles).sort((a, b) => Number(a) - Number(b))) {
      pairs.push(['quantile ' + q, metric.quantiles[q]]);
    }
  } else if (Array.isArray(metric.buckets)) {
    for (const [, lower, upper, count] of metric.buckets) pairs.push(['(' + lower + ', ' + upper + ']', count]);
  } else if (metric.buckets) {
    for (const le of Object.keys(metric.buckets).sort((a, b) => Number(a) - Number(b))) {
      pairs.push(['le ' + le, metric.buckets[le]]);
    }
  }
  pairs.push(['count', metric.count], ['sum', metric.sum]);
  return el('div', { class: 'dist' }, pairs.flatMap(([k, v]) => [el('span', {}, k), el('span', {}, v)]));
}

async function deleteGroup(group) {
  if (!window.confirm('Delete the group ' + group.id + ' on every node of the cluster?')) return;
  try {
    const response = await request(groupPath(group.labels), { method: 'DELETE' });
    if (response.status === 202) {
      notify('Deleted the group ' + group.id + '.', true);
      state.open.delete(group.id);
    } else {
      notify('Could not delete the group ' + group.id + ': ' + await describeFailure(response, 'delete groups'), false);
    }
  } catch (error) {
    notify('Could not delete the group ' + group.id + ': ' + error.message, false);
  }
  await refresh();
}

async function wipe() {
  const count = state.groups.length;
  if (!window.confirm('Delete all ' + count + ' groups on every node of the cluster?')) return;
  try {
    const response = await request('api/v1/admin/wipe', { method: 'PUT' });
    if (response.status === 202) {
      notify('Deleted all groups (' + count + ').', true);
      state.open.clear();
    } else {
      notify('Could not delete all groups: ' + await describeFailure(response, 'delete all groups'), false);
    }
  } catch (error) {
    notify('Could not delete all groups: ' + error.message, false);
  }
  await refresh();
}

// ---- cluster and status tabs ----

function renderCluster(status) {
  const cluster = status.cluster;
  $('cluster-name').textContent = cluster.name + ' (' + cluster.members.length + (cluster.members.length === 1 ? ' member)' : ' members)');
  const rows = cluster.members.map((m) => {
    const known = m.uptime_seconds !== undefined;
    return el('tr', { 'data-member': m.address, class: m.self ? 'self' : null },
      el('td', {}, m.address, m.self ? el('span', { class: 'badge self' }, 'this node') : null),
      el('td', { title: m.start_time ? 'started ' + m.start_time : null }, known ? duration(m.uptime_seconds) : '–'),
      el('td', {}, known ? String(m.replica_groups) : '–'),
      el('td', {}, known ? (m.replica_lag_seconds * 1000).toFixed(0) + ' ms' : '–'),
      el('td', {}, known ? String(m.replica_repairs) : '–'),
      el('td', { class: 'store-fill' }, m.store_series_limit !== undefined ? storeFill(m.store_series, m.store_series_limit) : '–'),
      el('td', {}, m.max_heap_bytes !== undefined ? mebibytes(m.max_heap_bytes) : '–'),
      el('td', {}, m.self ? 'live' : !known ? 'not yet' : m.status_age_seconds < 1 ? 'just now' : duration(m.status_age_seconds) + ' ago'));
  });
  $('members').tBodies[0].replaceChildren(...rows);
  const self = cluster.members.find((m) => m.self);
  $('whoami').textContent = self ? 'on ' + self.address : '';
}

function storeFill(series, limit) {
  return series + ' of ' + limit + ' (' + (limit > 0 ? (100 * series / limit).toFixed(0) : '–') + ' %)';
}

function mebibytes(bytes) {
  return (bytes / 1048576).toFixed(0) + ' MiB';
}

function renderStatus(status) {
  const build = status.build_information;
  fillTable($('build').tBodies[0], Object.keys(build).sort().map((k) => [k, build[k]]));
  const start = parseTime(status.start_time);
  fillTable($('node').tBodies[0], [
    ['start time', status.start_time],
    ['uptime', duration((now() - start) / 1000)],
    ['groups', String(status.cluster.replica_groups)],
    ['replica lag', (status.cluster.replica_lag_seconds * 1000).toFixed(0) + ' ms'],
    ['replica repairs', String(status.cluster.replica_repairs)],
  ].concat(status.store ? [
    ['stored series', storeFill(status.store.series, status.store.series_limit)],
    ['push bytes in flight', status.store.inflight_bytes + ' of ' + status.store.inflight_bytes_limit],
  ] : []));
  const ttl = status.ttl || { default: '0', rules: [] };
  fillTable($('ttl').tBodies[0], [['default', ttl.default === '0s' || ttl.default === '0' ? '0 (until deleted)' : ttl.default]]
    .concat(ttl.rules.map((r) => ['job =~ ' + r.job_pattern, r.ttl])));
  fillTable($('flags').tBodies[0], Object.keys(status.flags).sort().map((k) => [k, status.flags[k]]));
  $('wipe').hidden = status.flags['web.enable-admin-api'] !== 'true';
  const telemetry = status.flags['web.telemetry-path'] || '/metrics';
  $('metrics-link').setAttribute('href', telemetry.replace(/^\/+/, ''));
}

// ---- refresh, tabs, wiring ----

let refreshing = null;

function refresh() {
  if (!refreshing) {
    refreshing = Promise.all([getJson('api/v1/status'), getJson('api/v1/metrics')])
      .then(([status, groups]) => {
        state.status = status;
        state.groups = groups.map(derive);
        renderStatus(status);
        renderCluster(status);
        renderGroups();
      })
      .catch((error) => {
        notify('Could not load from this node: ' + error.message, false);
        showLoadFailure(error.message);
      })
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

/**
 * A failed refresh replaces the lists with what went wrong: stale groups, or an empty page after
 * the first load, would read as "nothing here".
 */
function showLoadFailure(message) {
  const text = 'Could not load from this node: ' + message;
  $('groups').replaceChildren(el('div', { class: 'empty failed', role: 'alert' }, text));
  $('group-count').textContent = '';
  $('page-info').textContent = '';
  $('members').tBodies[0].replaceChildren(el('tr', {}, el('td', { colspan: '8', class: 'failed', role: 'alert' }, text)));
}

function showTab() {
  const fromPath = /\/status$/.test(location.pathname) ? 'status' : 'groups';
  const tab = (location.hash || '#' + fromPath).slice(1);
  for (const section of document.querySelectorAll('.tab')) section.hidden = section.id !== 'tab-' + tab;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.tab === tab);
}

function init() {
  let filterTimer;
  $('filter').addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => { state.page = 0; renderGroups(); }, 150);
  });
  $('sort').addEventListener('change', () => { state.page = 0; renderGroups(); });
  $('prev-page').addEventListener('click', () => { state.page--; renderGroups(); window.scrollTo(0, 0); });
  $('next-page').addEventListener('click', () => { state.page++; renderGroups(); window.scrollTo(0, 0); });
  $('refresh').addEventListener('click', refresh);
  $('wipe').addEventListener('click', wipe);
  window.addEventListener('hashchange', showTab);
  setInterval(() => { if ($('auto-refresh').checked && !document.hidden) refresh(); }, REFRESH_MILLIS);
  setInterval(() => document.querySelectorAll('.live').forEach(updateLiveTime), 1000);
  showTab();
  refresh();
}

init();
