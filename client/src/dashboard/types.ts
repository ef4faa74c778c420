/** The dashboard's JSON (GET /api/dashboard; server/dashboard/service.ts), as the pages read it. */
export type Provenance = { asOf: string; source: string; link: string };
export type Rate = { x: number; n: number; estimate: number | null; lower: number | null; upper: number | null };
export type PlaceOption = { kind: 'town' | 'locality'; name: string; areas: number } | { kind: 'ward'; name: string; code: string; areas: number };
export type Place = { kind: 'town' | 'locality'; name: string } | { kind: 'ward'; name: string; code: string };
export type BandRow = { band: string; label: string; count: number; change: number | null };
export type Participation = {
  round: { id: string; title: string; reviewDate: string; services: number; previous: { title: string; reviewDate: string } | null } | null;
  perspectives: { perspective: string; label: string; placed: number; bands: BandRow[]; partnership: { level: string; label: string; rung: number } | null }[];
  disagreements: number;
  provenance: Provenance;
};
export type DecileRow = { decile: number; population: number; inGaps: number; share: number | null };

export type Dashboard = {
  partnership: { name: string };
  generatedAt: string;
  place: Place | null;
  places: PlaceOption[];
  exists: {
    categories: { rows: { category: string; label: string; count: number; peerLed: number; peerLedShare: number | null; independent: number; independentShare: number | null }[]; total: { count: number; peerLedShare: number | null; independentShare: number | null }; provenance: Provenance };
    coLocated: { count: number; sites: { name: string; place: string; serviceCount: number; services: string[] }[]; provenance: Provenance };
    leros: { count: number; names: string[]; assets: number; provenance: Provenance };
    freshness: { total: { count: number; verified: number; share: number | null }; rows: { category: string; label: string; count: number; verified: number; share: number | null }[]; overdue: { name: string; label: string; lastVerifiedAt: string | null; daysSince: number | null }[]; provenance: Provenance };
    change: { since: string; added: number; archived: number; reverified: number; provenance: Provenance };
  };
  connected: {
    campaign: { id: string; name: string; closedAt: string; pairs: number; closed: number } | null;
    headline: Rate | null;
    sentence: string | null;
    change: { previous: { name: string; closedAt: string }; verdict: string; sentence: string } | null;
    weakestPairs: { fromLabel: string; toLabel: string; closed: number; rate: Rate }[];
    pathways: { services: number; tested: number; working: number; everyService: boolean; sentence: string; without: string[] };
    provenance: Provenance;
  };
  gaps: {
    threshold: number;
    cellSize: number;
    categories: { category: string; label: string; supplyPoints: number; population: number; populationInGaps: number; shareInGaps: number | null; mostDeprivedPopulation: number; mostDeprivedInGaps: number; mostDeprivedShareInGaps: number | null }[];
    focus: { category: string; label: string; deciles: DecileRow[]; worst: { place: string; population: number; imdDecile: number | null; gapScore: number }[]; suggestions: { place: string; population: number; explanation: string }[] }[];
    provenance: Provenance;
  };
  participation: Participation;
};

export type SnapshotItem = { id: string; takenAt: string; reason: 'on_demand' | 'campaign_closed' | 'monthly'; campaignId: string | null };
export type TrendRow = { key: string; figure: string; unit: 'count' | 'people' | 'percent'; before: number | null; after: number | null; change: number | null };
export type Trend = { before: { id: string; takenAt: string }; after: { id: string; takenAt: string }; rows: TrendRow[] };
