/*
 * Waymark's service worker: the capture page opens with no signal once it has been visited.
 * Network first for the app's own GETs (pages, built assets, the settings and reference
 * data the pages read), keeping a copy of each answer; with no network the copy is served.
 * Writes (POST/PATCH) never touch the cache: the capture page's outbox keeps them.
 */
const CACHE = 'waymark-shell-v1';
const SHELL = ['/capture.html', '/my-records.html', '/'];
// API reads a page needs to start (settings, session, vocabulary, partnership, places); not asset lists.
const CACHED_API = /^\/api\/(config|auth\/me|vocabulary|partnership|places|areas)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).catch(() => undefined).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

function cacheable(request) {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.startsWith('/api/')) return CACHED_API.test(url.pathname);
  return true;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (!cacheable(request)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(CACHE).then((c) => c.put(request, copy));
        }
        return response;
      })
      .catch(async () => (await caches.match(request, { ignoreSearch: request.mode === 'navigate' })) ?? Response.error()),
  );
});
