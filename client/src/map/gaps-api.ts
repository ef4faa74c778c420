/** The gap analysis API as the map reads it (shapes of /api/gaps/…). */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { apiGet, apiSend, withQuery } from '../shared/api';

export type GapCellProperties = {
  cell_id: string;
  x: number;
  y: number;
  population: number;
  imd_decile: number | null;
  area_name: string | null;
  category: string;
  nearest_m: number | null;
  count_within: number;
  e2sfca: number;
  e2sfca_norm: number;
  gap: boolean;
  gap_score: number;
};
export type GapCells = FeatureCollection<Polygon | MultiPolygon, GapCellProperties>;
export type CellValues = Pick<GapCellProperties, 'nearest_m' | 'count_within' | 'e2sfca' | 'e2sfca_norm' | 'gap' | 'gap_score'>;

export type CategorySummary = {
  category: string;
  label: string;
  supplyPoints: number;
  population: number;
  populationCovered: number;
  populationNotCovered: number;
  populationInGaps: number;
  mostDeprivedPopulation: number;
  mostDeprivedInGaps: number;
  mostDeprivedShareInGaps: number | null;
  gapCells: number;
};
export type WhatIf = {
  before: CategorySummary;
  after: CategorySummary;
  difference: Record<'populationCovered' | 'populationNotCovered' | 'populationInGaps' | 'mostDeprivedInGaps' | 'gapCells', number>;
  cells: { id: number; cellId: string; before: CellValues; after: CellValues }[];
  /** The change in words (server/gaps/what-if-summary.ts): absolute and relative measures apart. */
  summary: { outOfReach: string; relative: string; explanation: string | null };
};
export type Suggestion = { rank: number; cellId: string; areaName: string | null; lng: number; lat: number; population: number; explanation: string };

/** The analysis settings the map uses: the server's defaults, spelled out so the CSV link matches. */
export const GAP_SETTINGS = { cells: 'hex', cellSize: 500, threshold: 1600 } as const;

export const loadGapCells = (category: string) => apiGet<GapCells>(withQuery('/api/gaps/cells', { ...GAP_SETTINGS, category }));
export const loadSummary = (category: string) => apiGet<{ categories: CategorySummary[] }>(withQuery('/api/gaps/summary', { ...GAP_SETTINGS, category }));
export const runWhatIf = (category: string, assets: { lat: number; lng: number }[]) =>
  apiSend<WhatIf>('POST', '/api/gaps/what-if', { ...GAP_SETTINGS, category, assets });
export const loadSuggestions = (category: string, k: number) =>
  apiGet<{ suggestions: Suggestion[] }>(withQuery('/api/gaps/suggestions', { ...GAP_SETTINGS, category, k }));
export const csvHref = (category: string) => withQuery('/api/gaps/cells.csv', { ...GAP_SETTINGS, category });
