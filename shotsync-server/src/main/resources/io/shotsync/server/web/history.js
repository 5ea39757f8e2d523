// The shot history screen (#/history?shot=&department=): every file downloaded for one shot across tasks
// (GET /api/v1/shots/history), newest first, with its version, the task (a link to its details), the time, what
// was done and its size. The shot field offers the shots of each endpoint's last scan.

import { api, ApiError } from './api.js';
import { bytes, timeElement, el, showError } from './format.js';

function $(id) {
  return document.getElementById(id);
}

export class HistoryScreen {
  constructor() {
    this.section = $('history');
    this.shot = $('history-shot');
    this.department = $('history-department');
    this.filled = null;
    this.seq = 0;
    $('history-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const params = new URLSearchParams({ shot: this.shot.value.trim() });
      if (this.department.value) {
        params.set('department', this.department.value);
      }
      const hash = `#/history?${params}`;
      if (window.location.hash === hash) {
        this.load(params);
      } else {
        window.location.hash = hash;   // the address names what is shown, and Back returns to it
      }
    });
  }

  /** Shows the screen for these parameters (shot, department). */
  show(params) {
    this.section.hidden = false;
    this.fillChoices();
    this.shot.value = params.get('shot') || '';
    const dept = params.get('department') || '';
    if (dept && ![...this.department.options].some((o) => o.value === dept)) {
      this.department.append(el('option', dept));
    }
    this.department.value = dept;
    if (this.shot.value) {
      this.load(params);
    } else {
      this.clear();
      this.shot.focus();
    }
  }

  hide() {
    this.section.hidden = true;
  }

  clear() {
    showError($('history-error'), '');
    $('history-rows').replaceChildren();
    $('history-scroll').hidden = true;
    $('history-summary').textContent = 'Pick a shot (episode/sequence/shot) to see every file downloaded for it.';
  }

  /** The shots of every endpoint's last scan and the departments of their layouts, once. */
  fillChoices() {
    if (this.filled) {
      return;
    }
    this.filled = api.get('/endpoints').then(async ({ endpoints }) => {
      const depts = new Set(['anim', 'lighting']);
      const shots = new Set();
      for (const e of endpoints) {
        (e.layout && e.layout.departments ? e.layout.departments : []).forEach((d) => depts.add(d.name));
      }
      await Promise.all(endpoints.map((e) => api.get(`/shots/structure/${encodeURIComponent(e.id)}`)
        .then((s) => s.shots.forEach((x) => shots.add(x.shot))).catch(() => {})));
      $('history-shots').replaceChildren(...[...shots].sort().map((s) => {
        const o = document.createElement('option');
        o.value = s;
        return o;
      }));
      const have = new Set([...this.department.options].map((o) => o.value));
      for (const d of [...depts].sort()) {
        if (!have.has(d)) {
          const o = el('option', d);
          o.value = d;
          this.department.append(o);
        }
      }
    }).catch(() => {
      this.filled = null;
    });
  }

  async load(params) {
    const seq = ++this.seq;
    showError($('history-error'), '');
    this.shot.removeAttribute('aria-invalid');
    try {
      const r = await api.get(`/shots/history?${params}`);
      if (seq !== this.seq) {
        return;
      }
      const files = r.files;
      const tasks = new Set(files.map((f) => f.taskId));
      const dept = params.get('department');
      $('history-summary').textContent = files.length
        ? `${files.length} file${files.length === 1 ? '' : 's'} of ${r.shot}${dept ? ` ${dept}` : ''} from `
          + `${tasks.size} task${tasks.size === 1 ? '' : 's'}, newest first.`
        : `Nothing was downloaded for ${r.shot}${dept ? ` ${dept}` : ''} yet.`;
      $('history-rows').replaceChildren(...files.map((f) => this.row(f)));
      $('history-scroll').hidden = files.length === 0;
    } catch (e) {
      if (seq !== this.seq) {
        return;
      }
      $('history-rows').replaceChildren();
      $('history-scroll').hidden = true;
      $('history-summary').textContent = '';
      if (e instanceof ApiError && e.field === 'shot') {
        this.shot.setAttribute('aria-invalid', 'true');
      }
      showError($('history-error'), e.message);
    }
  }

  row(f) {
    const tr = document.createElement('tr');
    tr.dataset.taskId = f.taskId;
    const file = el('th', f.path);
    file.scope = 'row';
    file.dataset.label = 'File';
    const cell = (label, content, cls) => {
      const td = el('td', null, cls);
      td.dataset.label = label;
      if (content instanceof Node) {
        td.append(content);
      } else {
        td.textContent = content == null ? '–' : String(content);
      }
      return td;
    };
    const link = el('a', f.taskName || f.taskId.slice(0, 8));
    link.href = `#/tasks/${encodeURIComponent(f.taskId)}`;
    const action = (f.action || f.status).toLowerCase().replace('_', ' ');
    const dept = f.department ? el('span', f.department, `badge dept-${f.department}`) : '–';
    const size = cell('Bytes', bytes(f.size), 'num');
    size.title = `${f.size} bytes`;
    tr.append(file, cell('Department', dept), cell('Version', f.version), cell('Task', link),
      cell('Time', timeElement(f.updatedAt)), cell('Action', action), size);
    return tr;
  }
}
