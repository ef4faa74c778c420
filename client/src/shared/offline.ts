/** Registers the service worker (client/public/sw.js) so a visited capture page opens offline. */
export function keepForOffline(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch((err: unknown) => console.warn('Offline copy unavailable:', err));
}
