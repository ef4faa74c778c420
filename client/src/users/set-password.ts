/**
 * Where an invitation or reset link lands: choose a password. The token is read from the
 * address's fragment (never sent in a request line, so never in a log) and wiped from the
 * address bar at once.
 */
import '../shared/styles.css';
import { apiSend, describeError } from '../shared/api';
import { byId, h } from '../shared/dom';
import { startPage } from '../shared/page';

const token = new URLSearchParams(location.hash.slice(1)).get('token');
history.replaceState(null, '', location.pathname);

async function main(): Promise<void> {
  await startPage('set-password');
  const root = byId('set-password');
  if (!token) {
    root.append(h('p', {}, 'This page needs the whole link an admin gave you. Ask them for a new one if it is lost.'));
    return;
  }
  const error = h('p', { className: 'field-error', id: 'password-error', hidden: true });
  const form = h('form', { novalidate: true },
    h('div', { className: 'field' }, h('label', { for: 'new-password' }, 'New password'),
      h('p', { className: 'hint', id: 'password-hint' }, 'At least 10 characters. A few words you will remember work well.'),
      h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', 'aria-describedby': 'password-hint password-error' })),
    h('div', { className: 'field' }, h('label', { for: 'again-password' }, 'The same password again'),
      h('input', { id: 'again-password', type: 'password', autocomplete: 'new-password' })),
    error,
    h('div', { className: 'button-row' }, h('button', { type: 'submit' }, 'Set password')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const password = byId<HTMLInputElement>('new-password').value;
    const fail = (message: string) => { error.textContent = message; error.hidden = false; byId('new-password').focus(); };
    if (password.length < 10) return fail('The password must be at least 10 characters.');
    if (password !== byId<HTMLInputElement>('again-password').value) return fail('The two passwords are not the same.');
    try {
      const done = await apiSend<{ email: string }>('POST', '/api/auth/set-password', { token, password });
      root.replaceChildren(h('p', { className: 'success', role: 'status' }, `Your password is set for ${done.email}. `, h('a', { href: '/login.html' }, 'Sign in')));
    } catch (err) {
      fail(describeError(err));
    }
  });
  root.append(form);
}

void main();
