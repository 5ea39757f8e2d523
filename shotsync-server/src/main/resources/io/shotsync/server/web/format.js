// Numbers, sizes, rates and times as people read them.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function bytes(n) {
  if (n == null || Number.isNaN(n)) {
    return '–';
  }
  let v = Number(n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${UNITS[u]}`;
}

export function rate(bytesPerSecond) {
  return bytesPerSecond == null ? '–' : `${bytes(Math.round(bytesPerSecond))}/s`;
}

export function duration(seconds) {
  if (seconds == null || !Number.isFinite(seconds)) {
    return '–';
  }
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (x) => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export function percent(fraction) {
  return `${Math.floor(Math.max(0, Math.min(1, fraction)) * 100)}%`;
}

/** A <time> element showing a local date and time. */
export function timeElement(iso) {
  if (!iso) {
    const span = document.createElement('span');
    span.textContent = '–';
    return span;
  }
  const t = document.createElement('time');
  t.dateTime = iso;
  const d = new Date(iso);
  t.textContent = d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  t.title = d.toString();
  return t;
}

/** How long ago, in words: "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function age(iso, now = Date.now()) {
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 45) {
    return 'just now';
  }
  const [n, unit] = s < 3600 ? [Math.round(s / 60), 'minute'] : s < 86400 ? [Math.round(s / 3600), 'hour']
    : [Math.round(s / 86400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/** An element with text. */
export function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text != null) {
    e.textContent = text;
  }
  if (className) {
    e.className = className;
  }
  return e;
}

/** Shows a message in an error element (or hides it when message is empty). */
export function showError(element, message) {
  if (!element) {
    return;
  }
  element.textContent = message || '';
  element.hidden = !message;
}
