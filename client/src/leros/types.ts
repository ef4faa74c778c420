/** The LERO register's JSON, as the client reads it (server/leros/service.ts). */
import type { Rate } from '../../../server/stats/proportion';
import type { RegisterFigures } from '../../../server/leros/register';

export type LeroPlace = { id: string; venueName: string | null; address: string | null; postcode: string | null; lat: number; lng: number; locationPrecision: string; sensitive: boolean; ownPlace: boolean };
export type Lero = {
  id: string; name: string; description: string | null; website: string | null;
  leroStage: string | null; cleroMember: boolean | null; localAuthoritiesServed: string[]; localAuthorities: { code: string; name: string }[];
  commissioningRoute: string | null; lastVerifiedAt: string | null;
  services: { id: string; name: string; category: string }[]; places: LeroPlace[];
};
export type Register = { figures: RegisterFigures; total: number; items: Lero[] };
export type CoverageRow = {
  category: string; label: string; places: number; populationCovered: number; populationCoveredWithout: number;
  onlyReachedByIt: number; mostDeprivedIntoGaps: number; gapCellsNow: number; gapCellsWithout: number;
};
export type LeroPage = Lero & {
  linkage: { campaigns: { campaignId: string; campaignName: string; closedAt: string | null; reached: number; knew: Rate }[]; pooled: Rate };
  coverage: { threshold: number; cellSize: number; categories: CoverageRow[] } | null;
};
export type RegisterQuery = { q?: string; stage?: string; la?: string; funding?: string; clero?: string; verified?: string; sort?: string };
