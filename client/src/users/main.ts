/**
 * Accounts without a terminal (issue 20, admins): list, invite (a one-time set-password
 * link shown here to hand over: no mail server is assumed), change role, deactivate or
 * reactivate, and a reset link. The last-admin rule and the audit trail are the API's.
 */
import '../shared/styles.css';
import './users.css';
import { ApiError, apiGet, apiSend, describeError } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { loginHref } from '../shared/session';
import { announce } from '../shared/status';
import type { Role, Term } from '../shared/types';
import { loadVocabulary } from '../shared/vocabulary';

type Link = { path: string; purpose: 'invite' | 'reset'; expiresAt: string };
type Account = { id: string; email: string; displayName: string; role: Role; active: boolean; lastLoginAt: string | null; pendingLink: { purpose: 'invite' | 'reset'; expiresAt: string } | null };

const dateWords = (iso: string) => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

let roles: Term[] = [];
let myId: string | null = null;

/** The link to hand over, shown once: the server keeps only its hash. */
function showLink(name: string, link: Link): void {
  const box = byId('link-panel');
  clear(box);
  const url = `${location.origin}${link.path}`;
  const field = h('input', { id: 'handover-link', type: 'text', readonly: true, value: url });
  box.append(
    h('h2', { id: 'link-heading', tabindex: '-1' }, link.purpose === 'invite' ? `Invitation link for ${name}` : `Password reset link for ${name}`),
    h('p', {}, `Give this link to ${name} yourself (in person, by text or by email). It works once, until ${dateWords(link.expiresAt)}. It is shown only now: if it is lost, make a new one.`),
    h('div', { className: 'link-row' },
      h('label', { className: 'visually-hidden', for: 'handover-link' }, 'Set-password link'), field,
      h('button', { type: 'button', className: 'secondary', onclick: () => void copyLink(field) }, 'Copy link')),
  );
  box.hidden = false;
  box.querySelector<HTMLElement>('#link-heading')!.focus();
}

async function copyLink(field: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(field.value);
    announce('Link copied.', 'success');
  } catch {
    field.select();
    announce('Select and copy the link by hand.');
  }
}

function statusWords(a: Account): string {
  if (!a.active) return 'Deactivated';
  if (a.pendingLink?.purpose === 'invite') return `Invited: link not used yet (until ${dateWords(a.pendingLink.expiresAt)})`;
  if (a.pendingLink?.purpose === 'reset') return `Active; reset link not used yet`;
  return 'Active';
}

async function change(a: Account, patch: Partial<Pick<Account, 'role' | 'active'>>, done: string): Promise<void> {
  let said: [string, 'success' | 'error'];
  try {
    await apiSend('PATCH', `/api/users/${a.id}`, patch);
    said = [done, 'success'];
  } catch (err) {
    // The last-admin rule answers 409 with the reason: said as it is.
    said = [err instanceof ApiError ? err.message : describeError(err), 'error'];
  }
  // The list is redrawn first, so the message never describes a row still showing the refused change.
  await loadAccounts();
  announce(...said);
}

function accountRow(a: Account): HTMLElement {
  const roleSelect = h('select', { id: `role-${a.id}`, 'aria-label': `Role of ${a.displayName}` },
    roles.map((r) => h('option', { value: r.code, selected: r.code === a.role }, r.label)));
  roleSelect.addEventListener('change', () => void change(a, { role: roleSelect.value as Role }, `${a.displayName} is now ${roles.find((r) => r.code === roleSelect.value)?.label ?? roleSelect.value}.`));
  const toggle = a.active
    ? h('button', { type: 'button', className: 'danger', onclick: () => { if (confirm(`Deactivate ${a.displayName}? They are signed out at once.`)) void change(a, { active: false }, `${a.displayName} is deactivated.`); } }, 'Deactivate')
    : h('button', { type: 'button', className: 'secondary', onclick: () => void change(a, { active: true }, `${a.displayName} is active again.`) }, 'Reactivate');
  const reset = a.active
    ? h('button', { type: 'button', className: 'secondary', onclick: () => void resetLink(a) }, 'Password reset link')
    : null;
  return h('tr', { 'data-email': a.email },
    h('th', { scope: 'row' }, a.displayName, a.id === myId ? h('span', { className: 'hint' }, ' (you)') : null),
    h('td', {}, a.email),
    h('td', {}, roleSelect),
    h('td', {}, statusWords(a)),
    h('td', {}, a.lastLoginAt ? dateWords(a.lastLoginAt) : 'Never'),
    h('td', {}, h('div', { className: 'row-actions' }, toggle, reset)));
}

async function resetLink(a: Account): Promise<void> {
  try {
    showLink(a.displayName, await apiSend<Link>('POST', `/api/users/${a.id}/reset-link`));
    await loadAccounts();
  } catch (err) {
    announce(describeError(err), 'error');
  }
}

async function loadAccounts(): Promise<void> {
  const box = byId('accounts');
  let items: Account[];
  try {
    items = (await apiGet<{ items: Account[] }>('/api/users')).items;
  } catch (err) {
    clear(box);
    box.append(h('p', { className: 'field-error' }, `The accounts could not be loaded: ${describeError(err)}`));
    return;
  }
  clear(box);
  box.append(h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Accounts' },
    h('table', { className: 'data accounts-table' },
      h('caption', {}, `${items.length} accounts`),
      h('thead', {}, h('tr', {}, ['Name', 'Email', 'Role', 'Status', 'Last signed in', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, items.map(accountRow)))));
}

function inviteForm(): HTMLFormElement {
  const error = h('p', { className: 'field-error', id: 'invite-error', hidden: true });
  const form = h('form', { id: 'invite-form', novalidate: true },
    h('div', { className: 'field' }, h('label', { for: 'invite-name' }, 'Name'), h('input', { id: 'invite-name', name: 'displayName', type: 'text', autocomplete: 'off', required: true })),
    h('div', { className: 'field' }, h('label', { for: 'invite-email' }, 'Email'), h('input', { id: 'invite-email', name: 'email', type: 'email', autocomplete: 'off', required: true })),
    h('div', { className: 'field' }, h('label', { for: 'invite-role' }, 'Role'),
      h('select', { id: 'invite-role', name: 'role' }, roles.map((r) => h('option', { value: r.code, selected: r.code === 'volunteer' }, r.label)))),
    error,
    h('div', { className: 'button-row' }, h('button', { type: 'submit' }, 'Invite')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const body = { displayName: String(data.get('displayName')), email: String(data.get('email')), role: String(data.get('role')) };
    try {
      const made = await apiSend<{ user: Account; link: Link }>('POST', '/api/users/invites', body);
      error.hidden = true;
      form.reset();
      showLink(made.user.displayName, made.link);
      await loadAccounts();
    } catch (err) {
      error.textContent = describeError(err);
      error.hidden = false;
    }
  });
  return form;
}

async function main(): Promise<void> {
  const start = await startPage('users');
  if (!start) return;
  const root = byId('users');
  if (start.me.user?.role !== 'admin') {
    root.append(h('p', {}, start.me.user ? 'Only admins manage accounts.' : h('a', { href: loginHref() }, 'Sign in as an admin to manage accounts.')));
    return;
  }
  myId = start.me.user.id;
  roles = (await loadVocabulary()).roles;
  root.append(
    h('section', { className: 'panel invite-panel', 'aria-labelledby': 'invite-heading' }, h('h2', { id: 'invite-heading' }, 'Invite someone'),
      h('p', { className: 'hint' }, 'You get a one-time link to hand over; they choose their own password with it.'), inviteForm()),
    h('section', { id: 'link-panel', className: 'panel link-panel', 'aria-live': 'polite', hidden: true }),
    h('section', { 'aria-labelledby': 'accounts-heading' }, h('h2', { id: 'accounts-heading' }, 'Accounts'),
      h('p', { className: 'hint' }, 'A change of role, a deactivation or a new password signs the person out. There is always at least one active admin. Every change is in the audit trail.'),
      h('div', { id: 'accounts' })),
  );
  await loadAccounts();
}

void main();
