// The logs viewer: a task's log in a dark monospace panel (time, level in colour, message), records at the chosen
// level and above (GET /api/v1/shots/tasks/{id}/logs?level=), the newest page first; "Load earlier" pages back by
// the answer's `before` cursor; while the task runs, new records follow (read after the `after` cursor whenever
// the event stream says the task moved, and every two seconds besides, so DEBUG records, which are not sent as
// events, follow too) unless paused; Download saves every record at the level as text.

import { api } from './api.js';
import * as events from './events.js';
import { el, showError } from './format.js';
import { FINAL, taskLabel } from './actions.js';

const PAGE = 100;
const FOLLOW_BATCH = 500;
const ALL_BATCH = 10000;
const NEWEST = '9223372036854775807';   // before this cursor: the last page of the log

function $(id) {
  return document.getElementById(id);
}

function line(r) {
  const li = el('li', null, `log-line level-${r.level.toLowerCase()}`);
  li.dataset.sequence = r.sequence;
  li.dataset.level = r.level;
  const t = document.createElement('time');
  t.dateTime = r.time;
  const d = new Date(r.time);
  t.textContent = d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  li.append(t, ' ', el('span', r.level.padEnd(5, '\u00a0'), 'level'), ' ', el('span', r.message, 'msg'));
  return li;
}

export class LogsDialog {
  constructor() {
    this.dialog = $('logs-dialog');
    this.panel = $('logs-panel');
    this.lines = $('logs-lines');
    this.level = $('logs-level');
    this.pause = $('logs-pause');
    this.earlierButton = $('logs-earlier');
    this.task = null;
    this.first = null;       // sequence of the oldest record shown
    this.last = 0;           // the cursor to read newer records after
    this.atStart = false;
    this.loaded = false;     // the newest page was read: following may start
    this.paused = false;
    this.generation = 0;
    this.reading = null;     // the follow read under way
    this.again = false;
    this.timer = null;
    this.followTimer = null;

    $('logs-close').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => this.closed());
    this.level.addEventListener('change', () => this.reload());
    this.pause.addEventListener('click', () => this.setPaused(!this.paused));
    this.earlierButton.addEventListener('click', () => this.earlier());
    $('logs-download').addEventListener('click', () => this.download());
    const moved = (taskId) => {
      if (this.task && taskId === this.task.id) {
        this.followSoon();
      }
    };
    events.on('log', (r) => moved(r.taskId));
    events.on('progress', (p) => moved(p.taskId));
    events.on('item', (i) => moved(i.taskId));
    events.on('task', (t) => {
      if (this.task && t.id === this.task.id) {
        this.task = { ...this.task, ...t };
        this.followSoon();
      }
    });
  }

  /** Opens the log of this task (a task JSON, or at least {id, name}). */
  open(task) {
    this.task = task;
    $('logs-title').textContent = `Logs of '${taskLabel(task)}'`;
    this.setPaused(false);
    if (!this.dialog.open) {
      this.dialog.showModal();
    }
    this.reload();
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (!this.task.status || !FINAL.has(this.task.status)) {
        this.follow();
      }
    }, 2000);
  }

  closed() {
    clearInterval(this.timer);
    clearTimeout(this.followTimer);
    this.generation++;
    this.task = null;
  }

  setPaused(paused) {
    this.paused = paused;
    this.pause.setAttribute('aria-pressed', String(paused));
    this.pause.textContent = 'Pause';
    this.pause.title = paused ? 'Paused: new records wait until you press it again' : 'Stop following new records';
    this.state();
    if (!paused && this.task) {
      this.follow();
    }
  }

  state(extra) {
    const n = this.lines.children.length;
    let s = `${n} record${n === 1 ? '' : 's'} at ${this.level.value} and above`;
    s += this.paused ? ' · paused' : (this.task && this.task.status && FINAL.has(this.task.status) ? '' : ' · following');
    $('logs-state').textContent = extra ? `${s} · ${extra}` : s;
  }

  query(params) {
    return api.get(`/shots/tasks/${encodeURIComponent(this.task.id)}/logs?level=${this.level.value}&${params}`);
  }

  /** Reads the newest page at the level chosen. */
  async reload() {
    const gen = ++this.generation;
    showError($('logs-error'), '');
    this.lines.replaceChildren();
    this.loaded = false;
    this.first = null;
    this.last = 0;
    this.atStart = false;
    this.renderStart();
    try {
      const r = await this.query(`limit=${PAGE}&before=${NEWEST}`);
      if (gen !== this.generation) {
        return;
      }
      this.lines.append(...r.records.map(line));
      this.first = r.records.length ? r.records[0].sequence : null;
      this.last = r.records.length ? r.records[r.records.length - 1].sequence : 0;
      this.atStart = r.records.length < PAGE;
      this.loaded = true;
      this.renderStart();
      this.panel.scrollTop = this.panel.scrollHeight;
      this.state();
      this.follow();
    } catch (e) {
      showError($('logs-error'), `The log could not be read: ${e.message}`);
    }
  }

  renderStart() {
    $('logs-start').hidden = !this.atStart;
    $('logs-start').textContent = this.lines.children.length ? 'The first record of the task.'
      : `No records at ${this.level.value} or above yet.`;
    this.earlierButton.disabled = this.atStart;
  }

  /** The page before the oldest record shown. */
  async earlier() {
    if (this.atStart || this.first == null) {
      return;
    }
    const gen = this.generation;
    this.earlierButton.disabled = true;
    try {
      const r = await this.query(`limit=${PAGE}&before=${this.first}`);
      if (gen !== this.generation) {
        return;
      }
      const height = this.panel.scrollHeight;
      const top = this.panel.scrollTop;
      this.lines.prepend(...r.records.map(line));
      if (r.records.length) {
        this.first = r.records[0].sequence;
      }
      this.atStart = r.records.length < PAGE;
      this.panel.scrollTop = top + (this.panel.scrollHeight - height);   // the records read stay in view
      this.state();
    } catch (e) {
      showError($('logs-error'), `Earlier records could not be read: ${e.message}`);
    } finally {
      this.renderStart();
    }
  }

  /** At most one read of new records every 300 ms, however many events arrive. */
  followSoon() {
    if (!this.followTimer) {
      this.followTimer = setTimeout(() => {
        this.followTimer = null;
        this.follow();
      }, 300);
    }
  }

  /** Appends the records after the newest shown (unless paused). */
  async follow() {
    if (!this.task || this.paused || !this.loaded) {
      return;
    }
    if (this.reading) {
      this.again = true;
      return;
    }
    const gen = this.generation;
    this.reading = (async () => {
      try {
        for (;;) {
          const r = await this.query(`limit=${FOLLOW_BATCH}&after=${this.last}`);
          if (gen !== this.generation || this.paused) {
            return;
          }
          const fresh = r.records.filter((x) => x.sequence > this.last);
          if (fresh.length) {
            const bottom = this.panel.scrollHeight - this.panel.scrollTop - this.panel.clientHeight < 40;
            this.lines.append(...fresh.map(line));
            this.last = fresh[fresh.length - 1].sequence;
            if (this.first == null) {
              this.first = fresh[0].sequence;
              this.atStart = true;   // the log was empty: everything is here from its first record
              this.renderStart();
            }
            if (bottom) {
              this.panel.scrollTop = this.panel.scrollHeight;
            }
            this.state();
          }
          if (r.records.length < FOLLOW_BATCH) {
            return;
          }
        }
      } catch (e) {
        // the next event or tick tries again
      }
    })();
    await this.reading;
    this.reading = null;
    if (this.again) {
      this.again = false;
      this.follow();
    }
  }

  /** Every record at the level, oldest first, as a text file. */
  async download() {
    const task = this.task;
    const button = $('logs-download');
    button.disabled = true;
    try {
      const out = [];
      let after = 0;
      for (;;) {
        const r = await this.query(`limit=${ALL_BATCH}&after=${after}`);
        for (const x of r.records) {
          out.push(`${x.time} ${x.level.padEnd(5)} ${x.message}`);
        }
        if (r.records.length < ALL_BATCH) {
          break;
        }
        after = r.records[r.records.length - 1].sequence;
      }
      const blob = new Blob([out.join('\n') + (out.length ? '\n' : '')], { type: 'text/plain;charset=utf-8' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      const safe = taskLabel(task).replace(/[^A-Za-z0-9._-]+/g, '_');
      a.download = `shotsync-${safe}-${this.level.value.toLowerCase()}.log.txt`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      this.state(`saved ${out.length} records`);
    } catch (e) {
      showError($('logs-error'), `The log could not be downloaded: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }
}
