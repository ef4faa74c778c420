/**
 * The pictures MapLibre draws for assets and clusters. Symbol layers that draw text need
 * glyph PBFs fetched from a URL, which an offline install cannot reach; symbol layers that
 * draw images need only what we hand them. So category markers are our SVG (palette.ts)
 * rasterised once, and cluster counts are drawn on a canvas when MapLibre first asks
 * for a count it has not seen (its missing-image resolver).
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { categoryMarkerSvg } from '../shared/palette';

export const MARKER_SIZE = 24;
const PIXEL_RATIO = 2;
export const CLUSTER_COUNT_PREFIX = 'cluster-count-';

export const categoryImageId = (code: string) => `category-${code}`;

export async function addCategoryImages(map: MapLibreMap, codes: readonly string[]): Promise<void> {
  await Promise.all(
    codes.map(async (code) => {
      const image = await svgToImage(categoryMarkerSvg(code, MARKER_SIZE * PIXEL_RATIO));
      if (!map.hasImage(categoryImageId(code))) map.addImage(categoryImageId(code), image, { pixelRatio: PIXEL_RATIO });
    }),
  );
}

function svgToImage(svg: string): Promise<HTMLImageElement> {
  const image = new Image(MARKER_SIZE * PIXEL_RATIO, MARKER_SIZE * PIXEL_RATIO);
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  return image.decode().then(() => image);
}

/** Draws "12" or "1.2k" in white, to sit on the cluster's circle. */
export function drawClusterCountOnDemand(map: MapLibreMap): void {
  map.setMissingStyleImageResolver((id) => {
    if (!id.startsWith(CLUSTER_COUNT_PREFIX) || map.hasImage(id)) return;
    const text = id.slice(CLUSTER_COUNT_PREFIX.length);
    const fontPx = 13 * PIXEL_RATIO;
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const font = `700 ${fontPx}px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif`;
    ctx.font = font;
    canvas.width = Math.ceil(ctx.measureText(text).width) + 4 * PIXEL_RATIO;
    canvas.height = Math.ceil(fontPx * 1.4);
    ctx.font = font; // resizing a canvas resets its state
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, canvas.width / 2, canvas.height / 2 + PIXEL_RATIO);
    map.addImage(id, ctx.getImageData(0, 0, canvas.width, canvas.height), { pixelRatio: PIXEL_RATIO });
  });
}
