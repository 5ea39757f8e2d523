// Entry point: signs in (the start-up URL's ?token= becomes a session cookie on the server's side; a visit without
// a session asks for the token), then wires the screens, the dialogs and the event stream. The address's hash names
// the screen: #/ the task list, #/tasks/ID a task's details, #/history?shot=&department= a shot's history; moving
// between them never reloads the page.

import { api, ApiError, csrfToken, onUnauthorized } from './api.js';
import * as events from './events.js';
import { TasksScreen } from './tasks.js';
import { NewTaskDialog } from './new-task.js';
import { TaskDetailsScreen } from './details.js';
import { LogsDialog } from './logs.js';
import { HistoryScreen } from './history.js';

function showSignIn(message) {
  events.disconnect();
  for (const id of ['tasks', 'details', 'history']) {
    document.getElementById(id).hidden = true;
  }
  document.getElementById('signin').hidden = false;
  const error = document.getElementById('signin-error');
  error.textContent = message || '';
  error.hidden = !message;
  document.getElementById('signin-token').focus();
}

function showLiveState() {
  const live = document.getElementById('live-state');
  events.onState((state) => {
    live.textContent = state === 'live' ? 'Live' : state === 'connecting' ? 'Reconnecting…'
      : 'Offline: updating every few seconds';
    live.dataset.state = state;
  });
}

/** Shows the screen the address's hash names. */
function showScreen(tasks, details, history) {
  const hash = window.location.hash || '#/';
  const task = /^#\/tasks\/([^/?]+)$/.exec(hash);
  const isHistory = hash === '#/history' || hash.startsWith('#/history?');
  const current = (id, on) => (on ? document.getElementById(id).setAttribute('aria-current', 'page')
    : document.getElementById(id).removeAttribute('aria-current'));
  current('nav-tasks', !task && !isHistory);
  current('nav-history', isHistory);
  document.getElementById('signin').hidden = true;
  if (task) {
    document.getElementById('tasks').hidden = true;
    history.hide();
    return details.show(decodeURIComponent(task[1]));
  }
  details.hide();
  document.title = 'Shot Download · shotsync';
  if (isHistory) {
    document.getElementById('tasks').hidden = true;
    const query = hash.indexOf('?');
    history.show(new URLSearchParams(query < 0 ? '' : hash.slice(query + 1)));
    return Promise.resolve();
  }
  history.hide();
  return tasks.show();
}

async function start() {
  const params = new URLSearchParams(window.location.search);
  const triedToken = params.has('token');
  if (triedToken) {
    // a token never stays in the address bar or the history
    window.history.replaceState(null, '', '/' + window.location.hash);
  }
  const refused = 'That token was not accepted. Use the address shotsync serve printed, or its current token.';
  if (!csrfToken()) {
    showSignIn(triedToken ? refused : null);   // no session cookie: nothing to ask the server
    return;
  }
  try {
    await api.get('/session');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      showSignIn(triedToken ? refused : 'The session has ended (the server restarted?). Sign in again.');
    } else {
      showSignIn(`The server could not be asked: ${e.message}`);
    }
    return;
  }
  onUnauthorized(() => showSignIn('The session has ended (the server restarted?). Sign in again.'));
  const logs = new LogsDialog();
  const openLogs = (task) => logs.open(task);
  const tasks = new TasksScreen(openLogs);
  const details = new TaskDetailsScreen(openLogs);
  const history = new HistoryScreen();
  new NewTaskDialog((task) => tasks.created(task));
  showLiveState();
  events.connect();
  const route = () => showScreen(tasks, details, history);
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
}

start();
