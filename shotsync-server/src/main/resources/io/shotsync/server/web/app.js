// Entry point: signs in (the start-up URL's ?token= becomes a session cookie on the server's side; a visit without
// a session asks for the token), then shows the Tasks screen and wires the New task dialog and the event stream.

import { api, ApiError, csrfToken, onUnauthorized } from './api.js';
import * as events from './events.js';
import { TasksScreen } from './tasks.js';
import { NewTaskDialog } from './new-task.js';

function showSignIn(message) {
  events.disconnect();
  document.getElementById('tasks').hidden = true;
  document.getElementById('signin').hidden = false;
  const error = document.getElementById('signin-error');
  error.textContent = message || '';
  error.hidden = !message;
  document.getElementById('signin-token').focus();
}

/** Asks the user, in a dialog, whether to delete; answers true for yes. */
function confirmDelete(name) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-title').textContent = `Delete task '${name}'?`;
  document.getElementById('confirm-text').textContent =
    'The task, its items and its log are removed. Downloaded files stay on disk.';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

function showLiveState() {
  const live = document.getElementById('live-state');
  events.onState((state) => {
    live.textContent = state === 'live' ? 'Live' : state === 'connecting' ? 'Reconnecting…'
      : 'Offline: updating every few seconds';
    live.dataset.state = state;
  });
}

async function start() {
  const params = new URLSearchParams(window.location.search);
  const triedToken = params.has('token');
  if (triedToken) {
    // a token never stays in the address bar or the history
    window.history.replaceState(null, '', '/');
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
  const tasks = new TasksScreen(confirmDelete);
  new NewTaskDialog((task) => tasks.created(task));
  showLiveState();
  events.connect();
  await tasks.show();
  document.body.dataset.ready = 'true';
}

start();
