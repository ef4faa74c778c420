import { randomUUID } from 'node:crypto';
import { categoryCodes, whoForCodes } from '../../server/domain/vocabulary';
import { seededRandom } from '../../seeds/seeded-random';

/**
 * Synthetic published assets for benchmarks: one site each, spread over England. Pure
 * apart from the row ids: the same seed gives the same places and fields.
 *
 * Real assets bunch up in towns, and a map user looks at towns, so by default half the
 * points are scattered normally around the centres of a dozen English cities and half
 * uniformly over the box; `clusteredShare: 0` gives a uniform spread.
 */
export type BenchBbox = { minLng: number; minLat: number; maxLng: number; maxLat: number };

/** Roughly England (with some sea, Wales and Scotland), WGS84. */
export const ENGLAND_BBOX: BenchBbox = { minLng: -5.7, minLat: 50.0, maxLng: 1.8, maxLat: 55.8 };

/** City centres (WGS84) the clustered share gathers around; Leeds is where the queries look. */
export const CITY_CENTRES: readonly { name: string; lat: number; lng: number }[] = [
  { name: 'London', lat: 51.5074, lng: -0.1278 },
  { name: 'Birmingham', lat: 52.4862, lng: -1.8904 },
  { name: 'Manchester', lat: 53.4808, lng: -2.2426 },
  { name: 'Leeds', lat: 53.7997, lng: -1.5492 },
  { name: 'Liverpool', lat: 53.4084, lng: -2.9916 },
  { name: 'Newcastle upon Tyne', lat: 54.9783, lng: -1.6178 },
  { name: 'Sheffield', lat: 53.3811, lng: -1.4701 },
  { name: 'Bristol', lat: 51.4545, lng: -2.5879 },
  { name: 'Nottingham', lat: 52.9548, lng: -1.1581 },
  { name: 'Leicester', lat: 52.6369, lng: -1.1398 },
  { name: 'Plymouth', lat: 50.3755, lng: -4.1427 },
  { name: 'Norwich', lat: 52.6309, lng: 1.2974 },
];

export type SyntheticOptions = {
  seed?: number;
  bbox?: BenchBbox;
  /** Share of points gathered around CITY_CENTRES (0–1). */
  clusteredShare?: number;
  /** Standard deviation of a cluster, km. */
  clusterSigmaKm?: number;
  /** One in this many assets is sensitive, so the masked-location branch has rows. */
  sensitiveEvery?: number;
};

export type SyntheticAsset = {
  assetId: string;
  siteId: string;
  lng: number;
  lat: number;
  name: string;
  description: string;
  category: string;
  tags: string[];
  whoFor: string[];
  peerLed: boolean;
  sensitive: boolean;
  /** Days before the load that someone last confirmed it (some are past the 12-month stale mark). */
  verifiedDaysAgo: number;
};

const WORDS_A = ['Acorn', 'Beacon', 'Bridge', 'Canal', 'Crossroads', 'Dale', 'Harbour', 'Hillside', 'Lantern', 'Meadow', 'Northern', 'Open Door', 'Pathways', 'Riverside', 'Springboard', 'Turning Point', 'Valley', 'Westgate'];
const WORDS_B = ['Recovery Café', 'Peer Group', 'Drop-in', 'Support Circle', 'Walking Group', 'Family Group', 'Advice Session', 'Allotment', 'Art Club', 'Job Club', 'Breakfast Club', 'Meeting'];
const TAGS = ['evening', 'weekend', 'women-only', 'drop-in', 'online', 'outdoors', 'creative', 'food', 'sport', 'advice'];
const KM_PER_DEGREE_LAT = 111.32;

export function* syntheticAssets(n: number, options: SyntheticOptions = {}): Generator<SyntheticAsset> {
  const { seed = 20261123, bbox = ENGLAND_BBOX, clusteredShare = 0.5, clusterSigmaKm = 8, sensitiveEvery = 50 } = options;
  const rand = seededRandom(seed);
  const unit = () => rand.int(0, 2 ** 30 - 1) / 2 ** 30; // [0, 1)
  // Box–Muller: one standard normal value from two uniforms.
  const normal = () => Math.sqrt(-2 * Math.log(1 - unit())) * Math.cos(2 * Math.PI * unit());
  const inside = (lng: number, lat: number) => lng >= bbox.minLng && lng <= bbox.maxLng && lat >= bbox.minLat && lat <= bbox.maxLat;

  const place = (): { lng: number; lat: number } => {
    if (unit() < clusteredShare) {
      const city = rand.pick(CITY_CENTRES);
      for (;;) {
        const lat = city.lat + (normal() * clusterSigmaKm) / KM_PER_DEGREE_LAT;
        const lng = city.lng + (normal() * clusterSigmaKm) / (KM_PER_DEGREE_LAT * Math.cos((city.lat * Math.PI) / 180));
        if (inside(lng, lat)) return { lng, lat };
      }
    }
    return { lng: bbox.minLng + unit() * (bbox.maxLng - bbox.minLng), lat: bbox.minLat + unit() * (bbox.maxLat - bbox.minLat) };
  };

  for (let i = 0; i < n; i++) {
    const { lng, lat } = place();
    const category = rand.pick(categoryCodes);
    const name = `${rand.pick(WORDS_A)} ${rand.pick(WORDS_B)} ${i + 1}`;
    yield {
      assetId: randomUUID(),
      siteId: randomUUID(),
      lng,
      lat,
      name,
      description: `Synthetic benchmark record ${i + 1} (${category.replace(/_/g, ' ')}).`,
      category,
      tags: rand.sample(TAGS, rand.int(0, 3)),
      whoFor: rand.sample(whoForCodes, rand.int(0, 2)),
      peerLed: rand.chance(0.3),
      sensitive: sensitiveEvery > 0 && i % sensitiveEvery === sensitiveEvery - 1,
      verifiedDaysAgo: rand.int(0, 540),
    };
  }
}
