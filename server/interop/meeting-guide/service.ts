import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../../audit/transaction';
import type { Viewer } from '../../auth/viewer';
import { assetCreateSchema, assetListQuerySchema, postcodeSchema } from '../../assets/schemas';
import { listAssets } from '../../assets/service';
import type { AssetView } from '../../assets/view';
import { currentPartnership } from '../../partnerships/repo';
import { rejectRows, type ImportMode, type RowProblem } from '../shared/problems';
import { postcodePoints } from '../shared/refs-repo';
import { syncAssets, type SyncReport, type Wanted } from '../shared/sync';
import { assetInputOf, groupByVenue, parseFeed, pointOf } from './feed';
import { meetingsOf } from './export';

export type MeetingGuideReport = SyncReport & { meetings: number; problems: RowProblem[] };

/**
 * Import a Meeting Guide feed (see feed.ts for how meetings become assets). Rows that
 * cannot be read are reported by row and field; `all_or_nothing` then imports nothing,
 * `valid_only` imports the rest. Everything written is one transaction.
 */
export async function importFeed(knex: Knex, viewer: Viewer, opts: { source: string; publish: boolean; mode: ImportMode; text: string }): Promise<MeetingGuideReport> {
  const { meetings, problems, slugs } = parseFeed(opts.text);
  const wantedPostcodes = meetings.flatMap((m) => {
    const p = postcodeSchema.safeParse(m.postal_code ?? '');
    return !pointOf(m) && p.success ? [p.data] : [];
  });
  const postcodes = await postcodePoints(knex, wantedPostcodes);
  const placeOf = (m: Parameters<typeof pointOf>[0]) => pointOf(m) ?? postcodes.get(postcodeSchema.safeParse(m.postal_code ?? '').data ?? '') ?? null;
  const wanted: Wanted[] = [];
  for (const group of groupByVenue(meetings)) {
    const raw = assetInputOf(group, placeOf);
    if (!group.online && !(raw.sites as unknown[]).length) {
      for (const m of group.meetings) problems.push({ row: m.row, field: 'postal_code', message: 'is not a known postcode: give latitude and longitude' });
      continue;
    }
    const parsed = assetCreateSchema.safeParse(raw);
    if (!parsed.success) {
      for (const m of group.meetings) for (const i of parsed.error.issues) problems.push({ row: m.row, field: i.path.join('.'), message: i.message });
      continue;
    }
    wanted.push({ externalIds: group.meetings.map((m) => m.slug), input: parsed.data, provided: Object.keys(raw) });
  }
  problems.sort((a, b) => a.row - b.row);
  if (opts.mode === 'all_or_nothing') rejectRows(problems);
  const partnership = await currentPartnership(knex);
  const source = { partnershipId: partnership.id, kind: 'meeting_guide' as const, key: opts.source };
  // Meetings still in the feed but unreadable this time are not "gone": they keep their asset.
  const report = await writeTransaction(knex, actorOf(viewer), (trx) => syncAssets(trx, viewer, source, wanted, opts.publish, slugs));
  return { ...report, meetings: meetings.length, problems };
}

/** Published mutual-aid assets as a Meeting Guide feed, masked for this viewer as everywhere else. */
export async function exportFeed(knex: Knex, viewer: Viewer): Promise<Record<string, unknown>[]> {
  const views: AssetView[] = [];
  for (let offset = 0; ; offset += 5000) {
    const page = await listAssets(knex, viewer, assetListQuerySchema.parse({ category: 'mutual_aid', limit: '5000', offset: String(offset) }));
    views.push(...page);
    if (page.length < 5000) break;
  }
  return views.flatMap(meetingsOf);
}
