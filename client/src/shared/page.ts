/**
 * What every page does first: read the client settings and the session (together), draw
 * the header. A page that cannot reach the API says so in its status region.
 */
import { apiGet, describeError } from './api';
import { renderHeader } from './header';
import { loadSession } from './session';
import { announce } from './status';
import type { ClientConfig, Me } from './types';

export type PageStart = { me: Me; config: ClientConfig };

export async function startPage(page: 'map' | 'capture' | 'review' | 'login' | 'records' | 'registry'): Promise<PageStart | null> {
  try {
    const [me, config] = await Promise.all([loadSession(), apiGet<ClientConfig>('/api/config')]);
    renderHeader(page, me, config);
    return { me, config };
  } catch (err) {
    renderHeader(page, { user: null, csrfToken: null }, null);
    announce(`Waymark could not start: ${describeError(err)}`, 'error');
    return null;
  }
}
