/** Sign in, then go back to the page that sent you here (`?next=`, same-site paths only). */
import '../shared/styles.css';
import { ApiError, describeError } from '../shared/api';
import { byId } from '../shared/dom';
import { clearFieldErrors, showFieldErrors } from '../shared/field-errors';
import { startPage } from '../shared/page';
import { safeNextPath, signIn } from '../shared/session';
import { announce } from '../shared/status';

async function main(): Promise<void> {
  // The form is wired before anything loads: "Sign in" tapped while the page is still
  // starting signs in, rather than submitting the form itself (the HTML says POST, so even
  // then the password never lands in the address, the history or a log).
  wireForm();
  const start = await startPage('login');
  if (start?.me.user) {
    const note = byId('signed-in-note');
    note.hidden = false;
    note.textContent = `You are signed in as ${start.me.user.displayName}. Sign in below to switch account.`;
  }
}

function wireForm(): void {
  const next = safeNextPath(new URLSearchParams(location.search).get('next'));
  const form = byId<HTMLFormElement>('login-form');
  const email = byId<HTMLInputElement>('email');
  const password = byId<HTMLInputElement>('password');
  const button = form.querySelector('button')!;
  email.focus();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const missing = new Map<string, string>();
    if (!email.value.trim()) missing.set('email', 'Enter your email address');
    if (!password.value) missing.set('password', 'Enter your password');
    if (missing.size) {
      showFieldErrors(form, missing);
      return;
    }
    button.disabled = true;
    announce('Signing in…');
    try {
      await signIn(email.value.trim(), password.value);
      announce('Signed in.', 'success');
      location.assign(next);
    } catch (err) {
      button.disabled = false;
      if (err instanceof ApiError && err.status === 401) {
        showFieldErrors(form, new Map([['password', 'The email address or password is not right']]));
      } else if (err instanceof ApiError && err.details.length) {
        showFieldErrors(form, err.fieldErrors());
      } else {
        announce(describeError(err), 'error');
      }
    }
  });
}

void main();
