import proj4 from 'proj4';
// geographiclib-geodesic has no types; it is Karney's geodesic library, independent of PostGIS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Geodesic } = require('geographiclib-geodesic');

/** Independent geodesy for tests: what PostGIS should agree with. */
const WGS84 = Geodesic.WGS84;

/** The point `metres` from (lat, lng) along `azimuthDeg` on the WGS84 ellipsoid. */
export function destination(lat: number, lng: number, azimuthDeg: number, metres: number): { lat: number; lng: number } {
  const r = WGS84.Direct(lat, lng, azimuthDeg, metres);
  return { lat: r.lat2, lng: r.lon2 };
}

/** Ellipsoidal distance in metres. */
export function geodesicDistance(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  return WGS84.Inverse(a.lat, a.lng, b.lat, b.lng).s12;
}

// EPSG:27700 with the 7-parameter Helmert shift PostGIS's spatial_ref_sys uses.
proj4.defs('EPSG:27700', '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs');

/** Centre of the 1 km British National Grid cell holding a WGS84 point, back in WGS84. */
export function gridCellCentre(lat: number, lng: number): { lat: number; lng: number; easting: number; northing: number } {
  const [e, n] = proj4('EPSG:4326', 'EPSG:27700', [lng, lat]);
  const easting = Math.floor(e / 1000) * 1000 + 500;
  const northing = Math.floor(n / 1000) * 1000 + 500;
  const [cLng, cLat] = proj4('EPSG:27700', 'EPSG:4326', [easting, northing]);
  return { lat: cLat, lng: cLng, easting, northing };
}

export function toBng(lat: number, lng: number): [number, number] {
  return proj4('EPSG:4326', 'EPSG:27700', [lng, lat]) as [number, number];
}
