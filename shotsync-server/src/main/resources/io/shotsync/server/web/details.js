// The task details screen (#/tasks/ID): the task's strategies and options, its items with versions, status, the
// per-item file statistics and messages, a live progress bar per running item and for the task, and the actions
// its status allows. Task, item and progress events keep it current; nothing reloads the page.

import { api, ApiError } from './api.js';
import * as events from './events.js';
import { bytes, rate, duration, percent, timeElement, el, showError } from './format.js';
import { FINAL, actionsFor, taskLabel, perform } from './actions.js';

const VERSION_WORDS = { latest: 'Latest Version', specific: 'Specific Version', all: 'All Versions',
  custom: 'Custom (Advanced)' };
const CONFLICT_WORDS = { skip: 'Skip Existing', compare: 'Compare & Update', overwrite: 'Overwrite All',
  keep_both: 'Keep Both' };
const STATS = [['downloaded', 'Downloaded'], ['skipped', 'Skipped'], ['overwritten', 'Overwritten'],
  ['keptBoth', 'Kept both'], ['resumed', 'Resumed'], ['failed', 'Failed']];
const COLUMNS = ['Shot', 'Department', 'Versions', 'Status', 'Progress', 'Files', ...STATS.map(([, w]) => w), 'Bytes',
  'Message'];

function $(id) {
  return document.getElementById(id);
}

function fact(dl, term, value) {
  const dt = el('dt', term);
  const dd = el('dd');
  if (value instanceof Node) {
    dd.append(value);
  } else {
    dd.textContent = value == null || value === '' ? '–' : String(value);
  }
  dl.append(dt, dd);
}

/** A progress bar with its detail line, from a progress event or, before the first one, from the numbers known. */
function progressBar(p, fallback, name) {
  const bar = document.createElement('progress');
  bar.max = 1;
  let detail;
  if (p) {
    const frac = p.bytesTotal ? p.bytes / p.bytesTotal : (p.filesTotal ? p.files / p.filesTotal : 0);
    bar.value = frac;
    detail = `${p.files} / ${p.filesTotal} files · ${bytes(p.bytes)} / ${bytes(p.bytesTotal)} · ${percent(frac)}`
      + ` · ${rate(p.rate)} · ETA ${duration(p.etaSeconds)}`;
  } else {
    const frac = fallback.totalBytes ? fallback.transferredBytes / fallback.totalBytes : 0;
    bar.value = frac;
    detail = `${bytes(fallback.transferredBytes)} / ${bytes(fallback.totalBytes)} · ${percent(frac)}`;
  }
  bar.setAttribute('aria-label', `Progress of ${name}`);
  bar.textContent = detail;
  return [bar, el('span', detail, 'detail')];
}

export class TaskDetailsScreen {
  constructor(openLogs) {
    this.openLogs = openLogs;
    this.section = $('details');
    this.id = null;
    this.task = null;
    this.items = new Map();        // item id -> item JSON
    this.rows = new Map();         // item id -> <tr>
    this.progress = new Map();     // item id (or 'task') -> the latest progress event
    this.seq = 0;

    events.on('task', (t) => {
      if (t.id === this.id) {
        this.task = { ...this.task, ...t };
        if (FINAL.has(t.status)) {
          this.progress.clear();
        }
        this.renderTask();
        this.renderItems();
      }
    });
    events.on('item', (i) => {
      if (i.taskId === this.id) {
        this.items.set(i.id, i);
        if (i.status !== 'RUNNING') {
          this.progress.delete(i.id);
        }
        this.renderItems();
      }
    });
    events.on('progress', (p) => {
      if (p.taskId !== this.id) {
        return;
      }
      this.progress.set(p.itemId == null ? 'task' : p.itemId, p);
      if (p.itemId == null) {
        this.renderProgress();
      } else {
        const tr = this.rows.get(p.itemId);
        if (tr) {
          this.fillItemProgress(tr.cells[4], this.items.get(p.itemId));
        }
      }
    });
    events.onState((state, resync) => {
      if (resync && this.id) {
        this.load();
      }
    });
  }

  /** Shows the task with this id (read from the server). */
  show(id) {
    if (id !== this.id) {
      this.id = id;
      this.task = null;
      this.items.clear();
      this.progress.clear();
      for (const tr of this.rows.values()) {
        tr.remove();
      }
      this.rows.clear();
      $('details-title').textContent = 'Task';
      $('details-summary').replaceChildren();
      $('details-spec').replaceChildren();
      $('details-status').replaceChildren();
      $('details-actions').replaceChildren();
      $('details-actions').dataset.signature = '';
      $('details-progress').hidden = true;
    }
    this.section.hidden = false;
    return this.load();
  }

  hide() {
    this.section.hidden = true;
    this.id = null;
  }

  async load() {
    const id = this.id;
    const seq = ++this.seq;
    try {
      const t = await api.get(`/shots/tasks/${encodeURIComponent(id)}`);
      if (seq !== this.seq || id !== this.id) {
        return;
      }
      showError($('details-error'), '');
      const items = t.items || [];
      delete t.items;
      this.task = t;
      this.items = new Map(items.map((i) => [i.id, i]));
      this.renderTask();
      this.renderItems();
    } catch (e) {
      if (seq === this.seq) {
        showError($('details-error'), e instanceof ApiError && e.status === 404
          ? 'There is no such task (it was deleted?).' : `The task could not be read: ${e.message}`);
      }
    }
  }

  renderTask() {
    const t = this.task;
    if (!t) {
      return;
    }
    const name = taskLabel(t);
    $('details-title').textContent = `Task '${name}'`;
    document.title = `${name} · Shot Download · shotsync`;
    $('details-status').replaceChildren(el('span', t.status, `badge status-${t.status.toLowerCase()}`));
    this.renderActions();
    this.renderProgress();

    const summary = $('details-summary');
    summary.replaceChildren();
    fact(summary, 'Id', t.id);
    fact(summary, 'Endpoint', t.endpointId);
    if (t.message) {
      fact(summary, 'Message', t.message);
    }
    fact(summary, 'Created', timeElement(t.createdAt));
    fact(summary, 'Started', timeElement(t.startedAt));
    fact(summary, 'Finished', timeElement(FINAL.has(t.status) ? t.completedAt : null));
    fact(summary, 'Attempts', t.attempts ?? 0);
    const ic = t.itemCounts || {};
    fact(summary, 'Items', `${ic.completed || 0} completed, ${ic.skipped || 0} skipped, ${ic.failed || 0} failed`
      + `${ic.cancelled ? `, ${ic.cancelled} cancelled` : ''}${ic.running ? `, ${ic.running} running` : ''}`
      + `${ic.pending ? `, ${ic.pending} pending` : ''} (of ${ic.total || 0})`);
    const f = t.files || {};
    fact(summary, 'Files', STATS.map(([k, w]) => `${f[k] || 0} ${w.toLowerCase()}`).join(', '));
    fact(summary, 'Bytes', `${bytes(t.transferredBytes)} of ${bytes(t.totalBytes)}`);

    const s = t.spec || {};
    const spec = $('details-spec');
    spec.replaceChildren();
    let version = VERSION_WORDS[s.versionStrategy] || s.versionStrategy;
    if (s.versionStrategy === 'specific' && s.specificVersion) {
      version += ` ${s.specificVersion}`;
    }
    fact(spec, 'Version strategy', version);
    const custom = Object.entries(s.customVersions || {});
    if (custom.length) {
      fact(spec, 'Custom versions', custom.map(([k, v]) => `${k}: ${v}`).join(', '));
    }
    fact(spec, 'File conflict strategy', CONFLICT_WORDS[s.conflictStrategy] || s.conflictStrategy);
    fact(spec, 'Shots', (s.shots || []).join(', '));
    fact(spec, 'Departments', (s.departments || []).join(', ') || 'all');
    fact(spec, 'Local root', s.localRoot);
    if (s.notBefore) {
      fact(spec, 'Not before', timeElement(s.notBefore));
    }
    const retry = s.autoRetry || {};
    fact(spec, 'Automatic retries', retry.count ? `${retry.count}, ${retry.delay} apart` : 'none');
    const options = s.options || {};
    const opts = Object.entries(options).filter(([, v]) => v != null && v !== '');
    fact(spec, 'Options', opts.length ? opts.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
      .join(', ') : "the endpoint's defaults");
    const props = Object.entries(s.properties || {});
    if (props.length) {
      fact(spec, 'Properties', props.map(([k, v]) => `${k}=${v}`).join(', '));
    }
  }

  renderActions() {
    const t = this.task;
    const actions = actionsFor(t.status);
    actions.splice(actions.length - 1, 0, 'Logs');
    const box = $('details-actions');
    const signature = actions.join('|');
    if (box.dataset.signature === signature) {
      return;
    }
    box.dataset.signature = signature;
    box.replaceChildren(...actions.map((a) => {
      const b = el('button', a, a === 'Delete' ? 'danger' : '');
      b.type = 'button';
      b.addEventListener('click', () => this.act(a, b));
      return b;
    }));
  }

  async act(action, button) {
    const t = this.task;
    if (action === 'Logs') {
      this.openLogs(t);
      return;
    }
    showError($('details-error'), '');
    button.disabled = true;
    try {
      if (!(await perform(action, t))) {
        return;
      }
      if (action === 'Delete') {
        window.location.hash = '#/';
        return;
      }
      await this.load();
    } catch (e) {
      showError($('details-error'), `${action}: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  renderProgress() {
    const box = $('details-progress');
    const t = this.task;
    if (!t || t.status !== 'RUNNING') {
      box.hidden = true;
      box.replaceChildren();
      return;
    }
    box.hidden = false;
    box.replaceChildren(...progressBar(this.progress.get('task'), t, `task '${taskLabel(t)}'`));
  }

  renderItems() {
    const list = [...this.items.values()].sort((a, b) => (a.shot + '/' + a.department).localeCompare(b.shot + '/'
      + b.department));
    const tbody = $('item-rows');
    const keep = new Set(list.map((i) => i.id));
    for (const [id, tr] of this.rows) {
      if (!keep.has(id)) {
        tr.remove();
        this.rows.delete(id);
      }
    }
    let previous = null;
    const sum = Object.fromEntries(STATS.map(([k]) => [k, 0]));
    let files = 0;
    let total = 0;
    let done = 0;
    for (const item of list) {
      let tr = this.rows.get(item.id);
      if (!tr) {
        tr = this.newRow(item);
        this.rows.set(item.id, tr);
      }
      this.fill(tr, item);
      const wanted = previous ? previous.nextSibling : tbody.firstChild;
      if (wanted !== tr) {
        tbody.insertBefore(tr, wanted);
      }
      previous = tr;
      STATS.forEach(([k]) => { sum[k] += (item.files || {})[k] || 0; });
      files += item.fileCount || 0;
      total += item.totalBytes || 0;
      done += item.transferredBytes || 0;
    }
    $('items-empty').hidden = list.length > 0;
    const foot = $('item-total');
    if (!list.length) {
      foot.replaceChildren();
      return;
    }
    const tr = document.createElement('tr');
    const head = el('th', `Total (${list.length} item${list.length === 1 ? '' : 's'})`);
    head.scope = 'row';
    head.colSpan = 5;
    tr.append(head, el('td', String(files), 'num'), ...STATS.map(([k]) => el('td', String(sum[k]), 'num')),
      el('td', bytes(done), 'num'), el('td'));
    foot.replaceChildren(tr);
  }

  newRow(item) {
    const tr = document.createElement('tr');
    tr.dataset.itemId = item.id;
    tr.dataset.key = `${item.shot}/${item.department}`;
    for (const n of COLUMNS) {
      const cell = document.createElement(n === 'Shot' ? 'th' : 'td');
      if (n === 'Shot') {
        cell.scope = 'row';
      }
      cell.dataset.label = n;
      if (n === 'Files' || n === 'Bytes' || STATS.some(([, w]) => w === n)) {
        cell.className = 'num';
      }
      tr.append(cell);
    }
    tr.cells[4].classList.add('progress');
    tr.cells[13].className = 'message-cell';
    return tr;
  }

  fill(tr, item) {
    const c = tr.cells;
    c[0].textContent = item.shot;
    c[1].replaceChildren(el('span', item.department, `badge dept-${item.department}`));
    const got = item.fetchedVersions && item.fetchedVersions.length ? item.fetchedVersions.join(', ')
      : (item.selectedVersion || '–');
    const versions = el('span', got, 'version');
    const more = el('span', `latest ${item.latestVersion || '–'} · local ${item.localVersion || 'none'}`, 'detail');
    more.title = `available: ${(item.availableVersions || []).join(', ') || 'none'}`;
    c[2].replaceChildren(versions, more);
    c[3].replaceChildren(el('span', item.status, `badge status-${item.status.toLowerCase()}`));
    this.fillItemProgress(c[4], item);
    c[5].textContent = String(item.fileCount || 0);
    const f = item.files || {};
    STATS.forEach(([k], i) => { c[6 + i].textContent = String(f[k] || 0); });
    c[12].textContent = bytes(item.transferredBytes);
    c[12].title = `${item.transferredBytes} of ${item.totalBytes} bytes`;
    c[13].textContent = item.message || '';
  }

  fillItemProgress(cell, item) {
    if (!item || item.status !== 'RUNNING') {
      cell.textContent = item && item.totalBytes ? percent(item.transferredBytes / item.totalBytes) : '–';
      return;
    }
    cell.replaceChildren(...progressBar(this.progress.get(item.id), item, `${item.shot} ${item.department}`));
  }
}
