// The Tasks screen: the task list, kept current by the event stream (task and progress events) and never by
// reloading the page; a status filter; per row the actions the task's status allows and its logs; rows selected
// (or all shown) for bulk Delete, Retry failed and Cancel through POST /api/v1/shots/tasks/bulk.

import { api } from './api.js';
import * as events from './events.js';
import { bytes, rate, duration, percent, timeElement, el, showError } from './format.js';
import { FINAL, RETRYABLE, CANCELLABLE, actionsFor, taskLabel as label, perform, confirmDialog } from './actions.js';

const LIMIT = 200;
const COLUMNS = ['Select', 'Name', 'Endpoint', 'Status', 'Progress', 'Items', 'Files', 'Created', 'Finished',
  'Attempts', 'Actions'];

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export class TasksScreen {
  constructor(openLogs) {
    this.section = document.getElementById('tasks');
    this.tbody = document.getElementById('task-rows');
    this.empty = document.getElementById('tasks-empty');
    this.error = document.getElementById('tasks-error');
    this.filter = document.getElementById('status-filter');
    this.openLogs = openLogs;
    this.selected = new Set();    // ids of the rows ticked
    this.selectAll = document.getElementById('select-all');
    this.bulkCount = document.getElementById('bulk-count');
    this.bulkButtons = {
      delete: document.getElementById('bulk-delete'),
      retry: document.getElementById('bulk-retry'),
      cancel: document.getElementById('bulk-cancel'),
    };
    this.tasks = new Map();       // id -> task JSON
    this.progress = new Map();    // id -> the latest whole-task progress event
    this.rows = new Map();        // id -> <tr>
    this.pollTimer = null;
    this.loading = null;

    this.filter.addEventListener('change', () => this.load());
    this.selectAll.addEventListener('change', () => {
      for (const id of this.rows.keys()) {
        if (this.selectAll.checked) {
          this.selected.add(id);
        } else {
          this.selected.delete(id);
        }
      }
      this.renderSelection();
    });
    for (const [action, b] of Object.entries(this.bulkButtons)) {
      b.addEventListener('click', () => this.bulk(action, b));
    }
    events.on('task', (t) => this.taskChanged(t));
    events.on('progress', (p) => this.progressChanged(p));
    events.onState((state, resync) => {
      if (resync) {
        this.load();
      }
      this.poll(state !== 'live');
    });
  }

  show() {
    this.section.hidden = false;
    return this.load();
  }

  /** Reads the list again (the filter changed, or events may have been missed). */
  load() {
    const status = this.filter.value;
    const query = `?limit=${LIMIT}` + (status ? `&status=${status}` : '');
    const loading = api.get('/shots/tasks' + query).then((data) => {
      if (this.loading !== loading) {
        return;   // a newer load answers
      }
      showError(this.error, '');
      const fresh = new Map(data.tasks.map((t) => [t.id, t]));
      for (const [id, t] of this.tasks) {
        // a task event newer than the list's read wins
        if (fresh.has(id) && t.__seen > loading.__started) {
          fresh.set(id, t);
        }
      }
      this.tasks = fresh;
      this.render();
    }).catch((e) => showError(this.error, `The task list could not be read: ${e.message}`));
    loading.__started = performance.now();
    this.loading = loading;
    return loading;
  }

  /** While the event stream is down, the list is read every few seconds instead. */
  poll(on) {
    if (on && !this.pollTimer) {
      this.pollTimer = setInterval(() => this.load(), 3000);
    } else if (!on && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }

  matches(task) {
    return !this.filter.value || task.status === this.filter.value;
  }

  /** A task was created here or changed anywhere (another page, a worker elsewhere). */
  taskChanged(task) {
    task.__seen = performance.now();
    if (FINAL.has(task.status)) {
      this.progress.delete(task.id);
    }
    if (this.matches(task)) {
      this.tasks.set(task.id, task);
    } else {
      this.tasks.delete(task.id);
    }
    this.render();
  }

  /** A task this page created: the create answer is older than any event about the task that came before it. */
  created(task) {
    if (!this.tasks.has(task.id)) {
      this.taskChanged(task);
    }
  }

  removed(id) {
    this.tasks.delete(id);
    this.progress.delete(id);
    this.render();
  }

  progressChanged(p) {
    if (p.itemId != null || !this.tasks.has(p.taskId)) {
      return;
    }
    this.progress.set(p.taskId, p);
    const tr = this.rows.get(p.taskId);
    if (tr) {
      this.fillProgress(tr.cells[4], this.tasks.get(p.taskId));
    }
  }

  render() {
    const list = [...this.tasks.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    const keep = new Set(list.map((t) => t.id));
    for (const [id, tr] of this.rows) {
      if (!keep.has(id)) {
        tr.remove();
        this.rows.delete(id);
      }
    }
    let previous = null;
    for (const task of list) {
      let tr = this.rows.get(task.id);
      if (!tr) {
        tr = this.newRow(task);
        this.rows.set(task.id, tr);
      }
      this.fill(tr, task);
      const wanted = previous ? previous.nextSibling : this.tbody.firstChild;
      if (wanted !== tr) {
        this.tbody.insertBefore(tr, wanted);
      }
      previous = tr;
    }
    for (const id of [...this.selected]) {
      if (!keep.has(id)) {
        this.selected.delete(id);   // only rows shown stay selected
      }
    }
    this.renderSelection();
    this.empty.hidden = list.length > 0;
    this.empty.textContent = this.filter.value ? `No ${this.filter.value.toLowerCase()} tasks.` : '';
    if (!this.filter.value) {
      this.empty.append('No tasks yet. ', el('strong', 'New task'), ' creates one.');
    }
  }

  newRow(task) {
    const tr = document.createElement('tr');
    tr.dataset.taskId = task.id;
    for (const n of COLUMNS) {
      const cell = document.createElement(n === 'Name' ? 'th' : 'td');
      if (n === 'Name') {
        cell.scope = 'row';
      }
      cell.dataset.label = n;
      tr.append(cell);
    }
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.addEventListener('change', () => {
      if (box.checked) {
        this.selected.add(task.id);
      } else {
        this.selected.delete(task.id);
      }
      this.renderSelection();
    });
    tr.cells[0].className = 'select';
    tr.cells[0].append(box);
    tr.cells[10].className = 'actions';
    tr.cells[4].className = 'progress';
    tr.cells[9].className = 'num';
    return tr;
  }

  fill(tr, task) {
    const box = tr.cells[0].firstChild;
    const c = [...tr.cells].slice(1);
    const name = label(task);
    box.setAttribute('aria-label', `Select ${name}`);
    box.checked = this.selected.has(task.id);
    const link = el('a', name);
    link.href = `#/tasks/${encodeURIComponent(task.id)}`;
    c[0].replaceChildren(link);
    if (task.message) {
      c[0].append(el('span', task.message, 'message'));
    }
    c[1].textContent = task.endpointId;
    c[2].replaceChildren(el('span', task.status, `badge status-${task.status.toLowerCase()}`));
    this.fillProgress(c[3], task);
    const ic = task.itemCounts || {};
    const items = `${ic.completed || 0} completed, ${ic.skipped || 0} skipped, ${ic.failed || 0} failed`;
    const extra = [];
    if (ic.cancelled) extra.push(`${ic.cancelled} cancelled`);
    if (ic.running) extra.push(`${ic.running} running`);
    if (ic.pending) extra.push(`${ic.pending} pending`);
    c[4].textContent = `${items}${extra.length ? ', ' + extra.join(', ') : ''} (of ${ic.total || 0})`;
    const f = task.files || {};
    const parts = [['downloaded', 'downloaded'], ['skipped', 'skipped'], ['overwritten', 'overwritten'],
      ['keptBoth', 'kept both'], ['resumed', 'resumed'], ['failed', 'failed']]
      .filter(([k]) => f[k]).map(([k, words]) => `${f[k]} ${words}`);
    c[5].textContent = parts.length ? parts.join(', ') : '–';
    c[6].replaceChildren(timeElement(task.createdAt));
    c[7].replaceChildren(timeElement(FINAL.has(task.status) ? task.completedAt : null));
    c[8].textContent = String(task.attempts ?? 0);
    const actions = actionsFor(task.status);
    actions.splice(actions.length - 1, 0, 'Logs');
    const signature = actions.join('|') + '|' + name;
    if (c[9].dataset.signature !== signature) {
      c[9].dataset.signature = signature;
      c[9].replaceChildren(...actions.map((a) => this.button(a, task.id, name)));
    }
  }

  fillProgress(cell, task) {
    const p = this.progress.get(task.id);
    if (task.status !== 'RUNNING') {
      const total = task.totalBytes || 0;
      cell.textContent = total ? `${bytes(task.transferredBytes)} of ${bytes(total)}` : '–';
      return;
    }
    const bar = document.createElement('progress');
    bar.max = 1;
    let detail;
    if (p) {
      const frac = p.bytesTotal ? p.bytes / p.bytesTotal : (p.filesTotal ? p.files / p.filesTotal : 0);
      bar.value = frac;
      detail = `${p.files} / ${p.filesTotal} files · ${bytes(p.bytes)} / ${bytes(p.bytesTotal)} · ${percent(frac)}`
        + ` · ${rate(p.rate)} · ETA ${duration(p.etaSeconds)}`;
    } else {
      const frac = task.totalBytes ? task.transferredBytes / task.totalBytes : (task.progress || 0);
      bar.value = frac;
      detail = `${bytes(task.transferredBytes)} / ${bytes(task.totalBytes)} · ${percent(frac)}`;
    }
    bar.setAttribute('aria-label', `Progress of ${label(task)}`);
    bar.textContent = detail;
    cell.replaceChildren(bar, el('span', detail, 'detail'));
  }

  button(action, id, name) {
    const b = el('button', action, action === 'Delete' ? 'small danger' : 'small');
    b.type = 'button';
    b.setAttribute('aria-label', action === 'Logs' ? `Logs of ${name}` : `${action} ${name}`);
    b.addEventListener('click', () => (action === 'Logs' ? this.openLogs(this.tasks.get(id) || { id, name })
      : this.act(action, id, name, b)));
    return b;
  }

  async act(action, id, name, button) {
    showError(this.error, '');
    button.disabled = true;
    try {
      const task = this.tasks.get(id) || { id, name };
      if (!(await perform(action, task))) {
        return;
      }
      if (action === 'Delete') {
        this.removed(id);
        return;
      }
      await this.reread(id);
    } catch (e) {
      showError(this.error, `${action} '${name}': ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  /**
   * Reads one task again after an action: the event stream brings the changes, but the row is right even without
   * it, unless an event newer than this read arrived meanwhile.
   */
  async reread(id) {
    const asked = performance.now();
    const now = await api.get(`/shots/tasks/${id}`);
    delete now.items;
    const current = this.tasks.get(id);
    if (!current || !(current.__seen > asked)) {
      this.taskChanged(now);
    }
  }

  // ------------------------------------------------------------------------------------------ bulk actions

  renderSelection() {
    const shown = [...this.rows.keys()];
    const n = this.selected.size;
    this.bulkCount.textContent = n === 0 ? 'No task selected' : `${plural(n, 'task')} selected`;
    for (const b of Object.values(this.bulkButtons)) {
      b.disabled = n === 0;
    }
    this.selectAll.checked = shown.length > 0 && shown.every((id) => this.selected.has(id));
    this.selectAll.indeterminate = n > 0 && !this.selectAll.checked;
    for (const [id, tr] of this.rows) {
      const box = tr.cells[0].firstChild;
      box.checked = this.selected.has(id);
      tr.classList.toggle('selected', box.checked);
    }
  }

  /** Asks, then runs one action on every selected task that allows it, in one request. */
  async bulk(action, button) {
    showError(this.error, '');
    const chosen = [...this.selected].map((id) => this.tasks.get(id)).filter(Boolean);
    const fits = action === 'retry' ? (t) => RETRYABLE.has(t.status)
      : action === 'cancel' ? (t) => CANCELLABLE.has(t.status) : () => true;
    const ids = chosen.filter(fits).map((t) => t.id);
    const left = chosen.length - ids.length;
    if (ids.length === 0) {
      showError(this.error, action === 'retry'
        ? 'None of the selected tasks has anything to retry: only failed, partial or cancelled tasks do.'
        : 'None of the selected tasks is pending, queued or running: there is nothing to cancel.');
      return;
    }
    const n = plural(ids.length, 'task');
    const also = left ? ` ${plural(left, 'other selected task')} ${left === 1 ? 'is' : 'are'} left as `
      + `${left === 1 ? 'it is' : 'they are'}.` : '';
    const ask = {
      delete: { title: `Delete ${n}?`, yes: `Delete ${n}`,
        text: `The ${n}, with their items and logs, are removed from the list and the store. No files are deleted:`
          + ' everything they downloaded stays on disk.' },
      retry: { title: `Retry the failed items of ${n}?`, yes: `Retry ${n}`, danger: false,
        text: `The failed and cancelled items of the ${n} run again; partial files resume. No files are deleted.`
          + also },
      cancel: { title: `Cancel ${n}?`, yes: `Cancel ${n}`,
        text: `Their downloads stop; partial files are kept for a later retry to resume. No files are deleted.`
          + also },
    }[action];
    if (!(await confirmDialog({ ...ask, no: 'Do nothing' }))) {
      return;
    }
    button.disabled = true;
    try {
      await api.post('/shots/tasks/bulk', { action, ids });
      if (action === 'delete') {
        ids.forEach((id) => this.selected.delete(id));
        ids.forEach((id) => this.removed(id));
      } else {
        await Promise.all(ids.map((id) => this.reread(id).catch(() => {})));
      }
    } catch (e) {
      showError(this.error, `${{ delete: 'Delete', retry: 'Retry failed', cancel: 'Cancel' }[action]} of ${n}: `
        + e.message);
    } finally {
      this.renderSelection();
    }
  }
}
