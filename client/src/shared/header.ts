/**
 * The site header on every page: where you can go (by role), who you are, sign in / out,
 * and the demo notice. The session comes in from the page so it is fetched once.
 */
import { describeError } from './api';
import { byId, clear, h } from './dom';
import { CALLER_ROLES, CAMPAIGN_TEAM_ROLES, CAPTURE_ROLES, REVIEW_ROLES, hasRole, loginHref, signOut } from './session';
import { announce } from './status';
import type { ClientConfig, Me, Role } from './types';

export type Page = 'map' | 'capture' | 'review' | 'login' | 'areas-import' | 'import' | 'campaigns' | 'calls' | 'results' | 'records' | 'registry'
  | 'connect' | 'users' | 'set-password' | 'leros' | 'participation' | 'dashboard' | 'report';

/** Who sees the dashboard link: the roles that read coverage and pathways. */
export const DASHBOARD_ROLES: readonly Role[] = ['commissioner', 'coordinator', 'researcher', 'admin'];

/**
 * The "Manage" menu: every coordinator and admin page that is not daily work, so the
 * header stays short on a phone. Admin-only pages show to admins only.
 */
export const MANAGE_LINKS: { href: string; text: string; page: Page; roles: readonly Role[] }[] = [
  { href: '/import.html', text: 'Import records', page: 'import', roles: REVIEW_ROLES },
  { href: '/leros.html', text: 'LERO register', page: 'leros', roles: REVIEW_ROLES },
  { href: '/participation.html', text: 'Participation review', page: 'participation', roles: REVIEW_ROLES },
  { href: '/areas-import.html', text: 'Import areas', page: 'areas-import', roles: ['admin'] },
  { href: '/users.html', text: 'Users', page: 'users', roles: ['admin'] },
];

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
      h('li', {}, link('/connect.html', 'Find support', page === 'connect')),
      // Coordinators and admins reach these from their menu; everyone else from here.
      !hasRole(me.user, REVIEW_ROLES) ? h('li', {}, link('/leros.html', 'LEROs', page === 'leros')) : null,
      me.user && !hasRole(me.user, REVIEW_ROLES) ? h('li', {}, link('/participation.html', 'Participation review', page === 'participation')) : null,
      hasRole(me.user, CAPTURE_ROLES) ? h('li', {}, link('/capture.html', 'Add an asset', page === 'capture')) : null,
      hasRole(me.user, CAPTURE_ROLES) ? h('li', {}, link('/my-records.html', 'My records', page === 'records')) : null,
      hasRole(me.user, REVIEW_ROLES) ? h('li', {}, link('/review.html', 'Review', page === 'review')) : null,
      hasRole(me.user, CAMPAIGN_TEAM_ROLES) ? h('li', {}, link('/campaigns.html', 'Linkage campaigns', page === 'campaigns')) : null,
      hasRole(me.user, CALLER_ROLES) ? h('li', {}, link('/calls.html', 'My calls', page === 'calls')) : null,
      h('li', {}, link('/results.html', 'Pathway results', page === 'results')),
      me.user ? h('li', {}, link('/registry.html', 'Registry', page === 'registry')) : null,
      hasRole(me.user, DASHBOARD_ROLES) ? h('li', {}, link('/dashboard.html', 'Dashboard', page === 'dashboard' || page === 'report')) : null,
      manageMenu(me, page, link),
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

function manageMenu(me: Me, page: Page, link: (href: string, text: string, here: boolean) => HTMLAnchorElement): HTMLElement | null {
  const links = MANAGE_LINKS.filter((l) => hasRole(me.user, l.roles));
  if (!links.length) return null;
  const here = links.some((l) => l.page === page);
  const menu = h('details', { className: 'manage-menu' },
    h('summary', {}, me.user?.role === 'admin' ? 'Admin' : 'Manage'),
    h('ul', {}, links.map((l) => h('li', {}, link(l.href, l.text, l.page === page)))));
  // Closes when focus or a click goes elsewhere, as a menu does.
  menu.addEventListener('focusout', (e) => { if (!menu.contains((e as FocusEvent).relatedTarget as Node | null)) menu.open = false; });
  document.addEventListener('click', (e) => { if (!menu.contains(e.target as Node)) menu.open = false; });
  if (here) menu.querySelector('summary')!.setAttribute('aria-current', 'page');
  return h('li', {}, menu);
}

async function onSignOut(): Promise<void> {
  try {
    await signOut();
    location.href = '/';
  } catch (err) {
    announce(describeError(err), 'error');
  }
}
