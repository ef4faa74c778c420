import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../config';

/** The scheme and host of a tile URL template, `{s}` subdomains as a wildcard, for the CSP. */
export function tileOrigin(template: string): string | null {
  const m = /^(https?:\/\/[^/?#]+)/i.exec(template.replace(/\{s\}/g, '*'));
  return m ? m[1] : null;
}

/**
 * Security headers for every response, helmet's defaults plus a Content-Security-Policy
 * that allows no inline script: the pages load only their own modules. MapLibre starts its
 * workers from blob: URLs; both maps set inline styles; the favicon is a data: URL; an
 * online basemap adds its hosts to images (Leaflet) and fetches (MapLibre).
 */
export function securityHeaders(config: Config): RequestHandler {
  // The raster basemap's tile host (Leaflet) and the vector style's host (MapLibre fetches its tiles, glyphs and sprites there).
  const tiles = [config.basemap?.url, config.basemapStyle?.url].flatMap((u) => (u ? [tileOrigin(u)] : [])).filter((o): o is string => o !== null);
  const withTiles = (sources: string[]) => [...new Set([...sources, ...tiles])];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: withTiles(["'self'", 'data:', 'blob:']),
        connectSrc: withTiles(["'self'"]),
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Only behind HTTPS: on plain http from another host it would break every subresource.
        ...(config.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS only where HTTPS is promised (production defaults to secure cookies).
    strictTransportSecurity: config.cookieSecure ? { maxAge: 15552000, includeSubDomains: false } : false,
  });
}

/** Production never serves source maps, even if a build left some behind. */
export const noSourceMaps: RequestHandler = (req, res, next) => {
  if (req.path.endsWith('.map')) {
    res.status(404).type('text/plain').send('Not found');
    return;
  }
  next();
};

const FALLBACK_404 = `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Page not found · Waymark</title></head>
<body><main><h1>We can’t find that page</h1><p>The address may be mistyped, or the page may have moved.</p>
<p><a href="/">Go to the recovery map</a></p></main></body></html>`;

/** Unknown non-API paths: the app's own 404 page (HTML), not express's "Cannot GET". */
export function notFoundPage(clientDir: string): RequestHandler {
  const built = path.join(clientDir, '404.html');
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.status(404).type('html');
    if (fs.existsSync(built)) res.sendFile(built, { headers: { 'Cache-Control': 'no-cache' } });
    else res.send(FALLBACK_404);
  };
}
