/**
 * The site header on every page: where you can go (by role), who you are, sign in / out,
 * and the demo notice. The session comes in from the page so it is fetched once.
 */
import { describeError } from './api';
import { byId, clear, h } from './dom';
import { CALLER_ROLES, CAMPAIGN_TEAM_ROLES, CAPTURE_ROLES, REVIEW_ROLES, hasRole, loginHref, signOut } from './session';
import { announce } from './status';
import type { ClientConfig, Me } from './types';

export type Page = 'map' | 'capture' | 'review' | 'login' | 'areas-import' | 'campaigns' | 'calls' | 'results' | 'records' | 'registry' | 'dashboard' | 'report';

export function renderHeader(page: Page, me: Me, config: ClientConfig | null): void {
  const header = byId('site-header');
  clear(header);
  const link = (href: string, text: string, here: boolean) =>
    h('a', { href, 'aria-current': here ? 'page' : null }, text);
  const nav = h(
    'nav',
    { 'aria-label': 'Main' },
    h('ul', {},
      h('li', {}, link('/', 'Map', page === 'map')),
      hasRole(me.user, CAPTURE_ROLES) ? h('li', {}, link('/capture.html', 'Add an asset', page === 'capture')) : null,
      hasRole(me.user, CAPTURE_ROLES) ? h('li', {}, link('/my-records.html', 'My records', page === 'records')) : null,
      hasRole(me.user, REVIEW_ROLES) ? h('li', {}, link('/review.html', 'Review', page === 'review')) : null,
      hasRole(me.user, ['admin']) ? h('li', {}, link('/areas-import.html', 'Import areas', page === 'areas-import')) : null,
      hasRole(me.user, CAMPAIGN_TEAM_ROLES) ? h('li', {}, link('/campaigns.html', 'Linkage campaigns', page === 'campaigns')) : null,
      hasRole(me.user, CALLER_ROLES) ? h('li', {}, link('/calls.html', 'My calls', page === 'calls')) : null,
      h('li', {}, link('/results.html', 'Pathway results', page === 'results')),
      hasRole(me.user, ['commissioner', 'coordinator', 'researcher', 'admin']) ? h('li', {}, link('/dashboard.html', 'Dashboard', page === 'dashboard' || page === 'report')) : null,
      me.user ? h('li', {}, link('/registry.html', 'Registry', page === 'registry')) : null,
    ),
  );
  const account = me.user
    ? h('div', { className: 'account' },
        h('span', { className: 'who' }, `${me.user.displayName} (${me.user.role})`),
        h('button', { type: 'button', className: 'link-button', onclick: onSignOut }, 'Sign out'))
    : page === 'login'
      ? h('div', { className: 'account' })
      : h('div', { className: 'account' }, h('a', { href: loginHref() }, 'Sign in'));
  header.append(h('a', { href: '/', className: 'brand' }, 'Waymark'), nav, account);

  if (config?.demo && !document.querySelector('.demo-notice')) {
    // Inside the main landmark, so screen-reader users moving by landmark meet it.
    (document.getElementById('main') ?? header).prepend(
      h('p', { className: 'demo-notice', role: 'note' },
        h('strong', {}, 'Demo: '),
        'the recovery assets shown here are fictional. The places and statistics are real open data.'),
    );
  }
}

async function onSignOut(): Promise<void> {
  try {
    await signOut();
    location.href = '/';
  } catch (err) {
    announce(describeError(err), 'error');
  }
}
