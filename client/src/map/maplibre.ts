/**
 * MapLibre, set up for a bundled app. MapLibre looks for its web worker beside its own
 * module file; once bundled that file is gone, so we hand it the worker's built URL.
 */
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

setWorkerUrl(workerUrl);

export * from 'maplibre-gl';
