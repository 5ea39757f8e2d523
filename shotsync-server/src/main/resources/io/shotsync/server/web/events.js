// The server's event stream (GET /api/v1/events, Server-Sent Events). The browser's EventSource reconnects by
// itself and sends Last-Event-ID, so the server replays what was missed. When the stream fails for good (the
// server refused it or went away), a new one is opened after a pause and the screens are told to read the state
// again, since a new EventSource starts without Last-Event-ID.

const TYPES = ['task', 'item', 'progress', 'scan', 'log'];
const listeners = new Map(TYPES.map((t) => [t, new Set()]));
const stateListeners = new Set();
let source = null;
let retryDelay = 1000;
let retryTimer = null;
let state = 'connecting';
let everOpened = false;

/** Calls fn(data) for each event of this type (task, item, progress, scan, log). */
export function on(type, fn) {
  listeners.get(type).add(fn);
  return () => listeners.get(type).delete(fn);
}

/** Calls fn(state, resync): state is 'live', 'connecting' or 'offline'; resync is true when events were missed. */
export function onState(fn) {
  stateListeners.add(fn);
  fn(state, false);
}

/** True while the stream is open. */
export function isLive() {
  return state === 'live';
}

function setState(next, resync) {
  if (next === state && !resync) {
    return;
  }
  state = next;
  stateListeners.forEach((fn) => fn(state, resync));
}

/** Opens the stream (once). */
export function connect() {
  if (source) {
    return;
  }
  const es = new EventSource('/api/v1/events');
  source = es;
  let fresh = true;
  es.onopen = () => {
    retryDelay = 1000;
    // a new EventSource carries no Last-Event-ID: after a replacement, the screens read the state again
    setState('live', fresh && everOpened);
    fresh = false;
    everOpened = true;
  };
  es.onerror = () => {
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      source = null;
      setState('offline', false);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30000);
    } else {
      setState('connecting', false);   // the browser reconnects with Last-Event-ID
    }
  };
  for (const type of TYPES) {
    es.addEventListener(type, (e) => {
      let data;
      try {
        data = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      listeners.get(type).forEach((fn) => fn(data));
    });
  }
}

/** Closes the stream (signing out). */
export function disconnect() {
  clearTimeout(retryTimer);
  if (source) {
    source.close();
    source = null;
  }
  setState('offline', false);
}
