// The New task dialog: endpoint, shot filter and departments, the structure (scanned by itself when there is none,
// with its age and a Rescan button), the comparison table that doubles as the custom version matrix, the version
// and conflict strategies the server knows (plugins included), when to run, retries and a bandwidth limit, and a
// Preview (the server's dry-run plan) before anything is created.

import { api, ApiError } from './api.js';
import * as events from './events.js';
import { bytes, age, el, showError } from './format.js';

// The original page's wording for the built-in strategies; a plugin's strategy shows its id and its description.
const VERSION_TEXT = {
  latest: ['Latest Version', 'Download the newest version of each shot (recommended)'],
  specific: ['Specific Version', 'Download the same version for all shots (skips if not available)'],
  all: ['All Versions', 'Download all available versions for each shot'],
  custom: ['Custom (Advanced)', 'Select specific version for each shot individually'],
};
const CONFLICT_TEXT = {
  skip: ['Skip Existing', "Don't download if file already exists locally (fastest, saves bandwidth)"],
  compare: ['Compare & Update', 'Only download if FTP file is newer or different size (smart, efficient)'],
  overwrite: ['Overwrite All', 'Always download and replace existing files (ensures fresh copies)'],
  keep_both: ['Keep Both', 'Rename existing file with timestamp, download new one (safest, uses more storage)'],
};
const VERSION_RE = /^v\d{1,9}$/;

function ordered(list, known) {
  const order = Object.keys(known);
  return [...list].sort((a, b) => {
    const ia = order.indexOf(a.id) < 0 ? order.length : order.indexOf(a.id);
    const ib = order.indexOf(b.id) < 0 ? order.length : order.indexOf(b.id);
    return ia - ib || a.id.localeCompare(b.id);
  });
}

function $(id) {
  return document.getElementById(id);
}

export class NewTaskDialog {
  constructor(onCreated) {
    this.onCreated = onCreated;
    this.dialog = $('new-task-dialog');
    this.form = $('new-task-form');
    this.endpoint = $('nt-endpoint');
    this.rows = [];                 // the comparison rows shown
    this.choices = new Map();       // "shot/department" -> version picked in the custom matrix
    this.endpoints = [];
    this.loaded = null;
    this.compareTimer = null;
    this.compareSeq = 0;
    this.scanning = false;

    $('new-task').addEventListener('click', () => this.open());
    $('new-task-close').addEventListener('click', () => this.dialog.close());
    $('nt-cancel').addEventListener('click', () => this.dialog.close());
    this.endpoint.addEventListener('change', () => this.loadStructure());
    $('nt-rescan').addEventListener('click', () => this.scan());
    for (const id of ['nt-episode', 'nt-sequence', 'nt-shot']) {
      $(id).addEventListener('input', () => this.compareSoon());
    }
    $('nt-all-latest').addEventListener('click', () => this.setAll(null));
    $('nt-all-to').addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();   // Enter applies here; it must not create the task
        this.setAll(e.target.value.trim());
      }
    });
    this.form.addEventListener('change', (e) => {
      if (e.target.name === 'nt-version') {
        this.versionChanged();
      }
      if (e.target.name === 'nt-when') {
        $('nt-not-before').disabled = e.target.value !== 'later';
      }
    });
    // anything changed makes an earlier preview stale
    this.form.addEventListener('input', () => this.hidePreview());
    this.form.addEventListener('change', () => this.hidePreview());
    $('nt-preview-button').addEventListener('click', () => this.preview());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.create();
    });
    events.on('scan', (s) => {
      if (this.scanning && s.endpointId === this.endpoint.value && !s.done) {
        $('nt-scan-state').textContent = `Scanning the server… ${s.directories} folders, ${s.files} files so far`;
      }
    });
  }

  async open() {
    this.reset();
    this.dialog.showModal();
    try {
      if (!this.loaded) {
        this.loaded = Promise.all([api.get('/endpoints'), api.get('/strategies')]).then(([eps, strategies]) => {
          this.endpoints = eps.endpoints;
          this.endpoint.replaceChildren(...this.endpoints.map((e) => {
            const o = el('option', e.id === e.url ? e.id : `${e.id} — ${e.url}`);
            o.value = e.id;
            return o;
          }));
          this.renderStrategies(strategies);
        });
        this.loaded.catch(() => {
          this.loaded = null;
        });
      }
      await this.loaded;
      this.resetChoices();
      await this.loadStructure();
    } catch (e) {
      showError($('nt-error'), `The dialog could not be filled: ${e.message}`);
    }
  }

  /** Fresh values each time the dialog opens (the endpoint stays). */
  reset() {
    this.clearErrors();
    this.hidePreview();
    $('nt-name').value = '';
    for (const id of ['nt-episode', 'nt-sequence', 'nt-shot']) {
      $(id).value = '*';
    }
    $('nt-retries').value = '0';
    $('nt-retry-delay').value = '1m';
    $('nt-bandwidth').value = '';
    $('nt-not-before').value = '';
    $('nt-not-before').disabled = true;
    $('nt-all-to').value = '';
    $('nt-all-to-note').textContent = '';
    this.form.querySelector('input[name=nt-when][value=now]').checked = true;
    this.choices.clear();
    for (const box of $('nt-departments').querySelectorAll('input')) {
      box.checked = true;
    }
    this.resetChoices();
  }

  resetChoices() {
    const latest = this.form.querySelector('input[name=nt-version][value=latest]');
    if (latest) {
      latest.checked = true;
    }
    const skip = this.form.querySelector('input[name=nt-conflict][value=skip]');
    if (skip) {
      skip.checked = true;
    }
    const specific = $('nt-specific');
    if (specific) {
      specific.value = '';
    }
    this.versionChanged();
  }

  renderStrategies(strategies) {
    const vs = $('nt-version-strategies');
    vs.replaceChildren(el('legend', 'Version strategy'));
    for (const s of ordered(strategies.version, VERSION_TEXT)) {
      vs.append(this.choice('nt-version', s, VERSION_TEXT[s.id]));
      if (s.id === 'specific') {
        const row = el('div', null, 'specific-row');
        const lab = el('label', 'Specific version');
        lab.htmlFor = 'nt-specific';
        const input = document.createElement('input');
        input.id = 'nt-specific';
        input.type = 'text';
        input.placeholder = 'v005';
        input.size = 8;
        input.setAttribute('aria-describedby', 'nt-specificVersion-error');
        input.addEventListener('focus', () => {
          this.form.querySelector('input[name=nt-version][value=specific]').checked = true;
          this.versionChanged();
        });
        const err = el('span', null, 'error');
        err.id = 'nt-specificVersion-error';
        err.setAttribute('role', 'alert');
        err.hidden = true;
        row.append(lab, input, err);
        vs.append(row);
      }
    }
    const cs = $('nt-conflict-strategies');
    cs.replaceChildren(el('legend', 'File conflict strategy'));
    for (const s of ordered(strategies.conflict, CONFLICT_TEXT)) {
      cs.append(this.choice('nt-conflict', s, CONFLICT_TEXT[s.id], s.id === 'skip'));
    }
  }

  choice(name, strategy, text, recommended) {
    const [title, description] = text || [strategy.id, strategy.description || ''];
    const lab = el('label', null, 'choice');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.value = strategy.id;
    const body = el('span');
    const head = el('strong', title);
    body.append(head);
    if (recommended) {
      body.append(el('span', 'Recommended', 'badge recommended'));
    }
    if (description) {
      body.append(el('span', description, 'desc'));
    }
    lab.append(input, body);
    return lab;
  }

  selected(name) {
    const r = this.form.querySelector(`input[name=${name}]:checked`);
    return r ? r.value : null;
  }

  versionChanged() {
    const custom = this.selected('nt-version') === 'custom';
    $('nt-custom-tools').hidden = !custom;
    for (const th of this.form.querySelectorAll('.custom-col')) {
      th.hidden = !custom;
    }
  }

  // ------------------------------------------------------------------------------------------ structure

  async loadStructure() {
    const id = this.endpoint.value;
    if (!id) {
      return;
    }
    const state = $('nt-scan-state');
    state.textContent = 'Reading the last scan…';
    try {
      const s = await api.get(`/shots/structure/${encodeURIComponent(id)}`);
      this.structureLoaded(s);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_scanned') {
        await this.scan();   // no structure yet: scan by itself
        return;
      }
      state.textContent = '';
      showError($('nt-error'), e.message);
    }
  }

  async scan() {
    const id = this.endpoint.value;
    const state = $('nt-scan-state');
    const button = $('nt-rescan');
    this.scanning = true;
    button.disabled = true;
    state.textContent = 'Scanning the server…';
    try {
      const s = await api.post(`/shots/structure/${encodeURIComponent(id)}/scan`);
      this.structureLoaded(s);
    } catch (e) {
      state.textContent = 'The scan failed.';
      showError($('nt-error'), `Scan of '${id}': ${e.message}`);
    } finally {
      this.scanning = false;
      button.disabled = false;
    }
  }

  structureLoaded(s) {
    this.structure = s;
    const state = $('nt-scan-state');
    state.replaceChildren(`${s.shots.length} shots, scanned ${age(s.scannedAt)} `);
    const t = document.createElement('time');
    t.dateTime = s.scannedAt;
    t.textContent = `(${new Date(s.scannedAt).toLocaleString()})`;
    state.append(t);
    const eps = new Set();
    const sqs = new Set();
    const shs = new Set();
    for (const shot of s.shots) {
      const [ep, sq, sh] = shot.shot.split('/');
      eps.add(ep);
      sqs.add(sq);
      shs.add(sh);
    }
    const fill = (list, values) => list.replaceChildren(...[...values].sort().map((v) => {
      const o = document.createElement('option');
      o.value = v;
      return o;
    }));
    fill($('nt-episodes'), eps);
    fill($('nt-sequences'), sqs);
    fill($('nt-shots'), shs);
    this.renderDepartments();
    this.compare();
  }

  renderDepartments() {
    const box = $('nt-departments');
    const ep = this.endpoints.find((e) => e.id === this.endpoint.value);
    const names = ep && ep.layout ? ep.layout.departments.map((d) => d.name) : ['anim', 'lighting'];
    const before = new Map([...box.querySelectorAll('input')].map((i) => [i.value, i.checked]));
    box.replaceChildren(...names.map((n) => {
      const lab = el('label', null, 'choice');
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.value = n;
      input.checked = before.has(n) ? before.get(n) : true;
      input.addEventListener('change', () => this.compareSoon());
      lab.append(input, el('span', n));
      return lab;
    }));
  }

  departments() {
    const all = [...$('nt-departments').querySelectorAll('input')];
    const on = all.filter((i) => i.checked).map((i) => i.value);
    return on.length === all.length ? [] : on;   // every department: left out, meaning all
  }

  glob() {
    const part = (id) => $(id).value.trim() || '*';
    return `${part('nt-episode')}/${part('nt-sequence')}/${part('nt-shot')}`;
  }

  compareSoon() {
    clearTimeout(this.compareTimer);
    this.compareTimer = setTimeout(() => this.compare(), 250);
  }

  async compare() {
    const seq = ++this.compareSeq;
    showError($('nt-shots-error'), '');
    const all = [...$('nt-departments').querySelectorAll('input')];
    if (all.length && !all.some((i) => i.checked)) {
      this.renderRows([]);
      showError($('nt-departments-error'), 'Choose at least one department.');
      return;
    }
    showError($('nt-departments-error'), '');
    try {
      const res = await api.post('/shots/compare', {
        endpointId: this.endpoint.value, shots: [this.glob()], departments: this.departments(),
      });
      if (seq === this.compareSeq) {
        this.renderRows(res.rows);
      }
    } catch (e) {
      if (seq === this.compareSeq) {
        this.renderRows([]);
        this.showApiError(e);
      }
    }
  }

  renderRows(rows) {
    this.rows = rows;
    const tbody = $('nt-compare-rows');
    const custom = this.selected('nt-version') === 'custom';
    tbody.replaceChildren(...rows.map((r) => {
      const tr = document.createElement('tr');
      const key = `${r.shot}/${r.department}`;
      tr.dataset.key = key;
      const shot = el('th', r.shot);
      shot.scope = 'row';
      const dept = el('td');
      dept.append(el('span', r.department, `badge dept-${r.department}`));
      const status = el('td');
      status.append(el('span', r.status.replaceAll('_', ' ').toLowerCase(), `badge row-${r.status.toLowerCase()}`));
      const pick = el('td', null, 'custom-col');
      pick.hidden = !custom;
      if (r.availableVersions.length) {
        const select = document.createElement('select');
        select.setAttribute('aria-label', `Version for ${r.shot} ${r.department}`);
        for (const v of [...r.availableVersions].reverse()) {
          const o = el('option', v === r.latestVersion ? `${v} (latest)` : v);
          o.value = v;
          select.append(o);
        }
        select.value = this.choices.get(key) || r.latestVersion;
        select.addEventListener('change', () => this.choices.set(key, select.value));
        pick.append(select);
      } else {
        pick.textContent = 'none available';
      }
      tr.append(shot, dept, el('td', r.availableVersions.join(', ') || 'N/A'), el('td', r.latestVersion || '–'),
        el('td', r.localVersion || 'None'), status, pick);
      return tr;
    }));
    $('nt-compare-empty').hidden = rows.length > 0;
  }

  /** "Set all to latest" (version null) or "Set all to vNNN": rows without that version keep their choice. */
  setAll(version) {
    const note = $('nt-all-to-note');
    if (version !== null && !VERSION_RE.test(version)) {
      note.textContent = `'${version}' is not a version: expected v followed by digits, like v005.`;
      return;
    }
    let missing = 0;
    for (const select of $('nt-compare-rows').querySelectorAll('select')) {
      const key = select.closest('tr').dataset.key;
      const row = this.rows.find((r) => `${r.shot}/${r.department}` === key);
      const v = version === null ? row.latestVersion : version;
      if (row.availableVersions.includes(v)) {
        select.value = v;
        this.choices.set(key, v);
      } else {
        missing++;
      }
    }
    this.hidePreview();
    note.textContent = version === null ? 'Every row set to its latest version.'
      : missing ? `Set to ${version}; ${missing} row(s) have no ${version} and keep their choice.`
        : `Every row set to ${version}.`;
  }

  // ------------------------------------------------------------------------------------------ the task

  /** The task body, as POST /api/v1/shots/tasks takes it; null after showing what is missing. */
  body() {
    const b = {
      endpointId: this.endpoint.value,
      shots: [this.glob()],
      departments: this.departments(),
      versionStrategy: this.selected('nt-version') || 'latest',
      conflictStrategy: this.selected('nt-conflict') || 'skip',
    };
    const boxes = [...$('nt-departments').querySelectorAll('input')];
    if (boxes.length && !boxes.some((i) => i.checked)) {
      this.fieldError('departments', 'Choose at least one department.');
      return null;
    }
    const name = $('nt-name').value.trim();
    if (name) {
      b.name = name;
    }
    if (b.versionStrategy === 'specific') {
      // sent as typed: the server checks it and its message is shown beside the input
      b.specificVersion = $('nt-specific').value.trim();
    }
    if (b.versionStrategy === 'custom') {
      b.customVersions = {};
      for (const select of $('nt-compare-rows').querySelectorAll('select')) {
        b.customVersions[select.closest('tr').dataset.key] = select.value;
      }
    }
    const retries = $('nt-retries').value.trim();
    if (retries && retries !== '0') {
      b.autoRetry = { count: Number(retries), delay: $('nt-retry-delay').value.trim() || '1m' };
    }
    const bandwidth = $('nt-bandwidth').value.trim();
    if (bandwidth) {
      b.options = { bandwidth };
    }
    switch (this.selected('nt-when')) {
      case 'now':
        b.execute = true;
        break;
      case 'queue':
        b.notBefore = new Date().toISOString();
        break;
      case 'later': {
        const v = $('nt-not-before').value;
        if (!v) {
          this.fieldError('notBefore', 'Choose the date and time before which the task must not start.');
          return null;
        }
        b.notBefore = new Date(v).toISOString();
        break;
      }
      default:
        break;
    }
    return b;
  }

  async preview() {
    this.clearErrors();
    const b = this.body();
    if (!b) {
      return;
    }
    delete b.execute;
    const button = $('nt-preview-button');
    button.disabled = true;
    try {
      const plan = await api.post('/shots/plan', b);
      this.renderPlan(plan);
    } catch (e) {
      this.showApiError(e);
    } finally {
      button.disabled = false;
    }
  }

  renderPlan(plan) {
    const actions = ['DOWNLOAD', 'SKIP', 'OVERWRITE', 'KEEP_BOTH', 'RESUME'];
    const total = Object.fromEntries(actions.map((a) => [a, 0]));
    let totalBytes = 0;
    const rows = plan.items.map((item) => {
      const n = Object.fromEntries(actions.map((a) => [a, 0]));
      let itemBytes = 0;
      for (const f of item.files) {
        n[f.action]++;
        total[f.action]++;
        if (f.action !== 'SKIP') {
          itemBytes += f.size;
        }
      }
      totalBytes += itemBytes;
      const tr = document.createElement('tr');
      const shot = el('th', item.shot);
      shot.scope = 'row';
      const versions = el('td', item.versions.join(', ') || '–');
      if (item.skipReason) {
        versions.append(el('span', `skipped: ${item.skipReason}`, 'message'));
      }
      tr.append(shot, el('td', item.department), versions, ...actions.map((a) => el('td', String(n[a]), 'num')),
        el('td', bytes(itemBytes), 'num'));
      return tr;
    });
    $('nt-preview-rows').replaceChildren(...rows);
    const foot = document.createElement('tr');
    const th = el('th', `Total (${plan.items.length} items)`);
    th.scope = 'row';
    th.colSpan = 3;
    foot.append(th, ...actions.map((a) => el('td', String(total[a]), 'num')), el('td', bytes(totalBytes), 'num'));
    $('nt-preview-total').replaceChildren(foot);
    $('nt-preview-summary').textContent = `Would download ${total.DOWNLOAD}, skip ${total.SKIP}, overwrite `
      + `${total.OVERWRITE}, keep both ${total.KEEP_BOTH} and resume ${total.RESUME} files: `
      + `${bytes(plan.bytesToFetch)} to fetch. Nothing is created until Create task.`;
    $('nt-preview').hidden = false;
  }

  hidePreview() {
    $('nt-preview').hidden = true;
  }

  async create() {
    this.clearErrors();
    const b = this.body();
    if (!b) {
      return;
    }
    const button = $('nt-create');
    button.disabled = true;
    try {
      const task = await api.post('/shots/tasks', b);
      this.dialog.close();
      this.onCreated(task);
    } catch (e) {
      this.showApiError(e);
    } finally {
      button.disabled = false;
    }
  }

  // ------------------------------------------------------------------------------------------ errors

  clearErrors() {
    for (const e of this.form.querySelectorAll('.error')) {
      showError(e, '');
    }
    for (const i of this.form.querySelectorAll('[aria-invalid]')) {
      i.removeAttribute('aria-invalid');
    }
  }

  /** The server's error beside the field it names, or at the foot of the dialog. */
  showApiError(e) {
    const field = e instanceof ApiError ? e.field : null;
    if (!field || !this.fieldError(field, e.message)) {
      showError($('nt-error'), e.message);
    }
  }

  fieldError(field, message) {
    const target = $(`nt-${field}-error`);
    if (!target) {
      return false;
    }
    showError(target, message);
    const inputs = {
      specificVersion: 'nt-specific', notBefore: 'nt-not-before', options: 'nt-bandwidth', name: 'nt-name',
      'autoRetry.count': 'nt-retries', 'autoRetry.delay': 'nt-retry-delay', shots: 'nt-shot',
    };
    const input = inputs[field] && $(inputs[field]);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', target.id);
      input.focus();
    }
    return true;
  }
}
