/** The main map's style choice (client/src/map/basemap.ts): a basemap that cannot be fetched never stalls the map. */
import { resolveMapStyle, STYLE_TIMEOUT_MS } from '../../client/src/map/basemap';

const online = { demo: false, basemap: { url: 'https://tiles.example/{z}/{x}/{y}.png', attribution: '© OSM' }, basemapStyle: { url: 'https://tiles.example/style.json' } };
const quiet = jest.spyOn(console, 'warn').mockImplementation(() => {});
afterAll(() => quiet.mockRestore());

describe('resolveMapStyle', () => {
  it('uses the online vector style when it loads, with no labels of our own', async () => {
    const style = { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background' }] };
    const res = await resolveMapStyle(online, (async () => new Response(JSON.stringify(style))) as typeof fetch);
    expect(res).toEqual({ style, ownLabels: false });
  });

  it.each([
    ['no network', async () => { throw new TypeError('Failed to fetch'); }],
    ['an error page', async () => new Response('nope', { status: 503 })],
    ['not a style', async () => new Response('{"hello":1}')],
  ])('falls back to the offline style with our labels on %s', async (_label, impl) => {
    const res = await resolveMapStyle(online, impl as typeof fetch);
    expect(res.ownLabels).toBe(true);
    expect(res.style.layers.map((l) => l.id)).toEqual(['background']);
    expect(Object.keys(res.style.sources)).toEqual([]); // no raster either: it would fail the same way
  });

  it('gives up on a style that does not answer within the time limit', async () => {
    const hanging = ((_url: string, init?: RequestInit) => new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
    })) as typeof fetch;
    const started = Date.now();
    const res = await resolveMapStyle(online, hanging);
    expect(res.ownLabels).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(STYLE_TIMEOUT_MS - 50);
  }, 10_000);

  it('offline: the plain style and our labels; own raster tiles: those tiles and their names', async () => {
    expect((await resolveMapStyle({ demo: false, basemap: null, basemapStyle: null })).ownLabels).toBe(true);
    const raster = await resolveMapStyle({ demo: false, basemap: online.basemap, basemapStyle: null });
    expect(raster.ownLabels).toBe(false);
    expect(raster.style.sources.basemap).toMatchObject({ type: 'raster', tiles: [online.basemap.url] });
  });
});
