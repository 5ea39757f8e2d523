// The REST API under /api/v1: JSON in and out, the CSRF header on every request that changes something, and the
// server's errors ({error, message, field}) as ApiError so the screens can show them beside the field they name.

const BASE = '/api/v1';
const unauthorizedListeners = new Set();

/** An answer other than 2xx: status, the server's error code, its message and the field it names (or null). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body && body.error ? body.error : `http_${status}`;
    this.field = body && body.field ? body.field : null;
  }
}

/** The CSRF token the server set for this session (readable by the page; the session cookie is not). */
export function csrfToken() {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'shotsync_csrf') {
      return decodeURIComponent(rest.join('='));
    }
  }
  return null;
}

/** Calls fn when an answer says the session is gone (a server restart signs everyone out). */
export function onUnauthorized(fn) {
  unauthorizedListeners.add(fn);
}

/** One request; answers the parsed JSON body, or throws ApiError. */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) {
      headers['X-CSRF-Token'] = token;
    }
  }
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(BASE + path, init);
  } catch (e) {
    throw new ApiError(0, { error: 'unreachable', message: 'the server cannot be reached; is shotsync serve running?' });
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = { error: `http_${res.status}`, message: text.slice(0, 300) };
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && path !== '/session') {
      unauthorizedListeners.forEach((fn) => fn(err));
    }
    throw err;
  }
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body === undefined ? {} : body),
  del: (path) => request('DELETE', path),
};
