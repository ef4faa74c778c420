/**
 * How each gap measure is coloured: a few classes with plain-language labels, shared by
 * the map layer and its legend. Vermillion for "gap" (Okabe–Ito), a blue-green ramp for
 * access, so the two readings never share a colour with each other or the IMD purples.
 */
import type { ExpressionSpecification } from 'maplibre-gl';

export type GapMeasure = 'gap' | 'nearest_m' | 'count_within' | 'e2sfca_norm';
export type GapClass = { label: string; colour: string };

export const MEASURES: { code: GapMeasure; label: string; classes: GapClass[] }[] = [
  { code: 'gap', label: 'Gap (nothing within reach, or under half the average access)', classes: [
    { label: 'Gap', colour: '#d55e00' }, { label: 'Not a gap', colour: '#d9f0d3' }] },
  { code: 'nearest_m', label: 'Distance to the nearest (straight line)', classes: [
    { label: 'up to 800 m', colour: '#1b7837' }, { label: '800–1,600 m', colour: '#7fbf7b' }, { label: '1,600–2,400 m', colour: '#d9f0d3' },
    { label: 'over 2,400 m', colour: '#f1a340' }, { label: 'none at all', colour: '#d55e00' }] },
  { code: 'count_within', label: 'How many within 1,600 m', classes: [
    { label: 'none', colour: '#d55e00' }, { label: '1', colour: '#d9f0d3' }, { label: '2–3', colour: '#7fbf7b' }, { label: '4 or more', colour: '#1b7837' }] },
  { code: 'e2sfca_norm', label: 'Access per person (E2SFCA; 1 = partnership average)', classes: [
    { label: 'under 0.5', colour: '#d55e00' }, { label: '0.5–1', colour: '#f1a340' }, { label: '1–1.5', colour: '#7fbf7b' }, { label: '1.5 or more', colour: '#1b7837' }] },
];

export const measureOf = (code: GapMeasure) => MEASURES.find((m) => m.code === code)!;

/** The fill colour expression for a measure (class order as in MEASURES). */
export function gapColour(code: GapMeasure): ExpressionSpecification {
  const c = measureOf(code).classes.map((k) => k.colour);
  switch (code) {
    case 'gap':
      return ['case', ['get', 'gap'], c[0], c[1]] as ExpressionSpecification;
    case 'nearest_m':
      return ['case', ['==', ['get', 'nearest_m'], null], c[4], ['step', ['get', 'nearest_m'], c[0], 800.01, c[1], 1600.01, c[2], 2400.01, c[3]]] as ExpressionSpecification;
    case 'count_within':
      return ['step', ['get', 'count_within'], c[0], 1, c[1], 2, c[2], 4, c[3]] as ExpressionSpecification;
    case 'e2sfca_norm':
      return ['step', ['get', 'e2sfca_norm'], c[0], 0.5, c[1], 1, c[2], 1.5, c[3]] as ExpressionSpecification;
  }
}
