import { COMMISSIONING_ROUTES, LERO_STAGES } from '../domain/vocabulary';

/**
 * The LERO register's filters, order and partnership figures: pure, so every figure is
 * unit-tested against hand counts (register.test.ts). The records come in already masked
 * for the viewer (repo.ts), so nothing here can reveal a sensitive place.
 */
export type LeroPlace = {
  id: string; venueName: string | null; address: string | null; postcode: string | null; lat: number; lng: number;
  locationPrecision: string;
  /** Carried into every export: a file another instance imports keeps the place masked there (importers read it). */
  sensitive: boolean;
  /** No live service of another organisation runs here. */
  ownPlace: boolean;
};
export type LeroService = { id: string; name: string; category: string };
export type LeroRecord = {
  id: string; name: string; description: string | null; website: string | null;
  leroStage: string | null; cleroMember: boolean | null; localAuthoritiesServed: string[]; commissioningRoute: string | null;
  lastVerifiedAt: Date | string | null; services: LeroService[]; places: LeroPlace[];
};

export type RegisterFilter = {
  q?: string; stage?: string[]; la?: string[]; funding?: string[]; clero?: boolean;
  verified?: 'never' | 'within_year' | 'over_year';
};
export type RegisterSort = 'name' | 'stage' | 'funding' | 'verified' | 'services';

/** Directly commissioned or sub-contracted: paid to deliver part of the system; a grant is not a commission. */
export const COMMISSIONED_ROUTES = ['direct', 'sub_contracted'];
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export function filterLeros(records: LeroRecord[], f: RegisterFilter, now: Date): LeroRecord[] {
  const q = f.q?.toLowerCase();
  return records.filter((r) => {
    if (q && !`${r.name} ${r.description ?? ''} ${r.services.map((s) => s.name).join(' ')}`.toLowerCase().includes(q)) return false;
    if (f.stage?.length && !f.stage.includes(r.leroStage ?? '')) return false;
    if (f.la?.length && !r.localAuthoritiesServed.some((la) => f.la!.includes(la))) return false;
    if (f.funding?.length && !f.funding.includes(r.commissioningRoute ?? '')) return false;
    if (f.clero !== undefined && (r.cleroMember ?? false) !== f.clero) return false;
    if (f.verified) {
      const at = r.lastVerifiedAt ? new Date(r.lastVerifiedAt).getTime() : null;
      const state = at === null ? 'never' : now.getTime() - at <= YEAR_MS ? 'within_year' : 'over_year';
      if (state !== f.verified) return false;
    }
    return true;
  });
}

const rank = (codes: readonly { code: string }[], code: string | null) => (code === null ? codes.length : codes.findIndex((c) => c.code === code));

/** Ties and unknowns last, then by name, so the order is total. */
export function sortLeros(records: LeroRecord[], by: RegisterSort): LeroRecord[] {
  const byName = (a: LeroRecord, b: LeroRecord) => a.name.localeCompare(b.name, 'en-GB') || a.id.localeCompare(b.id);
  const key: Record<RegisterSort, (r: LeroRecord) => number> = {
    name: () => 0,
    // Most established first.
    stage: (r) => -rank(LERO_STAGES, r.leroStage) + (r.leroStage === null ? 100 : 0),
    funding: (r) => rank(COMMISSIONING_ROUTES, r.commissioningRoute),
    // Longest since verified (never first): what needs checking.
    verified: (r) => (r.lastVerifiedAt ? new Date(r.lastVerifiedAt).getTime() : -Infinity),
    services: (r) => -r.services.length,
  };
  return [...records].sort((a, b) => key[by](a) - key[by](b) || byName(a, b));
}

export type RegisterFigures = {
  /** LEROs serving one of the partnership's local authorities or running a published service. */
  working: number;
  commissioned: number;
  funding: Record<string, number>;
  withOwnPlace: number;
  cleroMembers: number;
  stages: Record<string, number>;
};

export function registerFigures(records: LeroRecord[], partnershipLaCodes: string[]): RegisterFigures {
  const working = records.filter((r) => r.services.length > 0 || r.localAuthoritiesServed.some((la) => partnershipLaCodes.includes(la)));
  const count = (p: (r: LeroRecord) => boolean) => working.filter(p).length;
  return {
    working: working.length,
    commissioned: count((r) => COMMISSIONED_ROUTES.includes(r.commissioningRoute ?? '')),
    funding: Object.fromEntries([...COMMISSIONING_ROUTES.map((c) => [c.code, count((r) => r.commissioningRoute === c.code)]), ['unknown', count((r) => r.commissioningRoute === null)]]),
    withOwnPlace: count((r) => r.places.some((p) => p.ownPlace)),
    cleroMembers: count((r) => r.cleroMember === true),
    stages: Object.fromEntries([...LERO_STAGES.map((s) => [s.code, count((r) => r.leroStage === s.code)]), ['unknown', count((r) => r.leroStage === null)]]),
  };
}
