// What a task's status allows (Execute, Cancel, Retry failed, Delete), the confirmation dialog, and the calls behind
// them; the task list, its bulk actions and the task details share them.

import { api } from './api.js';

export const FINAL = new Set(['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED']);
export const RETRYABLE = new Set(['FAILED', 'PARTIAL', 'CANCELLED']);
export const CANCELLABLE = new Set(['PENDING', 'QUEUED', 'RUNNING']);

/** The actions a task in this status offers, in order. */
export function actionsFor(status) {
  const out = [];
  if (['PENDING', 'QUEUED', 'FAILED', 'PARTIAL', 'CANCELLED'].includes(status)) {
    out.push('Execute');
  }
  if (status === 'RUNNING') {
    out.push('Cancel');
  }
  if (RETRYABLE.has(status)) {
    out.push('Retry failed');
  }
  out.push('Delete');
  return out;
}

/** A task's name as people see it: its name, or the start of its id. */
export function taskLabel(task) {
  return task.name || task.id.slice(0, 8);
}

/**
 * Asks in the confirmation dialog; answers true for yes.
 * @param {{title: string, text: string, yes: string, no: string, danger: boolean}} what
 */
export function confirmDialog({ title, text, yes, no = 'Keep them', danger = true }) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  const yesButton = document.getElementById('confirm-yes');
  yesButton.textContent = yes;
  yesButton.className = danger ? 'danger' : 'primary';
  dialog.querySelector('button[value=no]').textContent = no;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

/** Asks whether to delete one task. */
export function confirmDelete(name) {
  return confirmDialog({
    title: `Delete task '${name}'?`,
    text: 'The task, its items and its log are removed. Downloaded files stay on disk.',
    yes: 'Delete',
    no: 'Keep it',
  });
}

/**
 * Runs one action on one task; answers false when the user said no to a delete, true otherwise.
 * Throws the server's ApiError.
 */
export async function perform(action, task) {
  if (action === 'Delete') {
    if (!(await confirmDelete(taskLabel(task)))) {
      return false;
    }
    await api.del(`/shots/tasks/${task.id}`);
    return true;
  }
  const path = { Execute: 'execute', Cancel: 'cancel', 'Retry failed': 'retry' }[action];
  await api.post(`/shots/tasks/${task.id}/${path}`);
  return true;
}
