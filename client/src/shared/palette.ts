/**
 * How each of the 14 asset categories looks on maps, in lists and in legends.
 *
 * Colour alone cannot carry 14 categories for everyone: the Okabe–Ito palette (Okabe &
 * Ito 2008, "Color Universal Design"), built to stay distinguishable under the common
 * colour-vision deficiencies, has 7 colours plus black. So every category has three
 * redundant cues:
 *   - shape: circles for community and peer assets, squares for services;
 *   - colour: the 7 Okabe–Ito colours within each shape (grey for "Other"), so no
 *     colour + shape pair repeats;
 *   - a short code drawn inside the marker, named in the legend.
 * The text colour inside a marker is whichever of black or white has the higher WCAG
 * contrast with the fill (at least 4.5:1 for every category; pure black, because the
 * page's softer ink falls just short of that on vermillion).
 */
export type MarkerShape = 'circle' | 'square';
export type CategoryStyle = { colour: string; shape: MarkerShape; glyph: string; textColour: string };

export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;
const GREY = '#999999';
const INK = '#000000';
const WHITE = '#ffffff';

const definitions: Record<string, Omit<CategoryStyle, 'textColour'>> = {
  // Services: squares.
  treatment: { colour: OKABE_ITO.blue, shape: 'square', glyph: 'T' },
  harm_reduction: { colour: OKABE_ITO.vermillion, shape: 'square', glyph: 'H' },
  housing: { colour: OKABE_ITO.orange, shape: 'square', glyph: 'Ho' },
  education_training_employment: { colour: OKABE_ITO.yellow, shape: 'square', glyph: 'E' },
  health: { colour: OKABE_ITO.bluishGreen, shape: 'square', glyph: '+' },
  criminal_justice: { colour: OKABE_ITO.reddishPurple, shape: 'square', glyph: 'J' },
  advice: { colour: OKABE_ITO.skyBlue, shape: 'square', glyph: 'A' },
  // Community and peer assets: circles.
  mutual_aid: { colour: OKABE_ITO.blue, shape: 'circle', glyph: 'M' },
  lero_peer_support: { colour: OKABE_ITO.vermillion, shape: 'circle', glyph: 'L' },
  recovery_community: { colour: OKABE_ITO.bluishGreen, shape: 'circle', glyph: 'R' },
  family_carer_support: { colour: OKABE_ITO.reddishPurple, shape: 'circle', glyph: 'F' },
  social_leisure_arts: { colour: OKABE_ITO.skyBlue, shape: 'circle', glyph: 'S' },
  faith_community: { colour: OKABE_ITO.orange, shape: 'circle', glyph: 'Fa' },
  other: { colour: GREY, shape: 'circle', glyph: 'O' },
};

/** A category the client does not know yet still gets a marker: the "other" look. */
export function categoryStyle(code: string): CategoryStyle {
  const d = definitions[code] ?? definitions.other!;
  return { ...d, textColour: bestTextColour(d.colour) };
}

export const STYLED_CATEGORIES: readonly string[] = Object.keys(definitions);

/** WCAG 2 relative luminance of an sRGB hex colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) =>
    c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

function bestTextColour(fill: string): string {
  return contrastRatio(fill, INK) >= contrastRatio(fill, WHITE) ? INK : WHITE;
}

/**
 * The marker as SVG markup: the same picture for Leaflet icons, list swatches and (drawn
 * to a bitmap) MapLibre symbol images. `size` is in CSS pixels.
 */
export function categoryMarkerSvg(code: string, size = 22): string {
  const s = categoryStyle(code);
  const inset = 1.5;
  const body =
    s.shape === 'circle'
      ? `<circle cx="${size / 2}" cy="${size / 2}" r="${size / 2 - inset}"/>`
      : `<rect x="${inset}" y="${inset}" width="${size - 2 * inset}" height="${size - 2 * inset}" rx="${size * 0.12}"/>`;
  const fontSize = s.glyph.length > 1 ? size * 0.42 : size * 0.55;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-hidden="true">` +
    `<g fill="${s.colour}" stroke="${WHITE}" stroke-width="${inset * 1.4}">${body}</g>` +
    `<text x="50%" y="50%" dy="0.36em" text-anchor="middle" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" ` +
    `font-weight="700" font-size="${fontSize.toFixed(1)}" fill="${s.textColour}">${escapeXml(s.glyph)}</text></svg>`
  );
}

/** An inline swatch element for lists and legends (decorative: the label says the category). */
export function categorySwatch(code: string, size = 20): HTMLElement {
  const span = document.createElement('span');
  span.className = 'swatch';
  span.innerHTML = categoryMarkerSvg(code, size);
  return span;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
