import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../../audit/transaction';
import type { Viewer } from '../../auth/viewer';
import { assetCreateSchema, assetListQuerySchema } from '../../assets/schemas';
import { listAssets } from '../../assets/service';
import type { AssetView } from '../../assets/view';
import { currentPartnership } from '../../partnerships/repo';
import { heldMessage, type HeldRecord } from '../shared/bulk-create';
import { outsidePartnershipArea } from '../shared/boundary';
import { rejectRows, type ImportMode, type RowProblem } from '../shared/problems';
import { postcodePoints } from '../shared/refs-repo';
import { syncAssets, type SyncReport, type Wanted } from '../shared/sync';
import { parseFeed, pointOf, postcodeOf, type Meeting } from './feed';
import { HOME_TIMEZONE, assetInputOf, groupByVenue } from './venues';
import { exportMeetings } from './export';

export type MeetingGuideReport = Omit<SyncReport, 'held'> & {
  /** Readable meetings in the feed, and how many of them were imported (in person inside the area, and online). */
  meetings: number;
  imported: { inPerson: number; online: number };
  /** Read but not imported, by reason; never a reason to refuse the feed. */
  notImported: { outsideArea: number; inactive: number };
  outsideAreaRows: number[];
  /** Unreadable rows: all-or-nothing refuses the feed for any of them; valid-only skips them. */
  problems: RowProblem[];
  /** Rows imported with something left out (contact details in notes, a broken link), or not imported (inactive). */
  warnings: RowProblem[];
  /** New records written as pending rather than published (sensitive, likely duplicates), with the feed rows they came from. */
  held: (HeldRecord & { rows: number[]; message: string })[];
  timezone: string;
  /** The report in sentences, for the import page. */
  summary: string[];
};

/**
 * Import a Meeting Guide feed (feed.ts reads meetings, venues.ts makes assets). Meetings
 * in person outside the partnership's area (boundary + WAYMARK_BOUNDARY_MARGIN_M, the
 * rule capture applies) are counted, not imported; online meetings have no place and
 * always come in. Only unreadable rows are problems. Everything written is one
 * transaction; nothing is fetched inside it (a URL is fetched before: see routes.ts).
 */
export async function importFeed(
  knex: Knex,
  viewer: Viewer,
  opts: { source: string; publish: boolean; mode: ImportMode; text: string; timezone?: string; boundaryMarginM: number },
): Promise<MeetingGuideReport> {
  const { meetings, problems, warnings, slugs } = parseFeed(opts.text);
  const timezone = opts.timezone ?? HOME_TIMEZONE;
  const postcodes = await postcodePoints(knex, meetings.flatMap((m) => (m.kind === 'place' && !pointOf(m) && postcodeOf(m) ? [postcodeOf(m)!] : [])));
  const placeOf = (m: Meeting) => pointOf(m) ?? postcodes.get(postcodeOf(m) ?? '') ?? null;
  const partnership = await currentPartnership(knex);

  const groups = groupByVenue(meetings).map((group) => ({ group, place: group.online ? null : placeOf(group.meetings[0]) }));
  const located = groups.filter((g) => g.place);
  const outside = await outsidePartnershipArea(knex, partnership.id, located.map((g) => g.place!), opts.boundaryMarginM);
  const outsideGroups = new Set(located.filter((_, i) => outside.has(i)).map((g) => g.group));
  const outsideAreaRows: number[] = [];
  const wanted: Wanted[] = [];
  const rowsOf = new Map<number, number[]>();
  const imported = { inPerson: 0, online: 0 };
  for (const { group, place } of groups) {
    const rows = group.meetings.map((m) => m.row).sort((a, b) => a - b);
    if (!group.online && !place) {
      for (const m of group.meetings) problems.push({ row: m.row, field: 'postal_code', message: 'is not a known postcode: give latitude and longitude' });
      continue;
    }
    if (outsideGroups.has(group)) {
      outsideAreaRows.push(...rows);
      continue;
    }
    const raw = assetInputOf(group, place, timezone);
    const parsed = assetCreateSchema.safeParse(raw);
    if (!parsed.success) {
      // Meetings are checked one by one in feed.ts; what is left here is a venue-wide fact.
      for (const m of group.meetings) for (const i of parsed.error.issues) problems.push({ row: m.row, field: i.path.join('.'), message: i.message });
      continue;
    }
    rowsOf.set(rows[0], rows);
    wanted.push({ externalIds: group.meetings.map((m) => m.slug), input: parsed.data, provided: Object.keys(raw), row: rows[0] });
    imported[group.online ? 'online' : 'inPerson'] += group.meetings.length;
  }
  problems.sort((a, b) => a.row - b.row || a.field.localeCompare(b.field));
  // A warning about text that was never stored (the row was not imported) is noise.
  const notStored = new Set([...outsideAreaRows, ...problems.map((p) => p.row)]);
  const kept = warnings.filter((w) => !notStored.has(w.row)).sort((a, b) => a.row - b.row);
  outsideAreaRows.sort((a, b) => a - b);
  if (opts.mode === 'all_or_nothing') rejectRows(problems);
  const source = { partnershipId: partnership.id, kind: 'meeting_guide' as const, key: opts.source };
  // Meetings still in the feed (unreadable, inactive or outside the area this time) are
  // not "gone": their assets stay as they are rather than being archived.
  const report = await writeTransaction(knex, actorOf(viewer), (trx) => syncAssets(trx, viewer, source, wanted, opts.publish, slugs));
  const held = report.held.map((h) => ({ ...h, rows: rowsOf.get(h.row) ?? [h.row], message: heldMessage(h) }));
  const inactive = meetings.filter((m) => m.kind === 'inactive').length;
  const summary = [
    `${meetings.length} meeting(s) read; imported: ${imported.inPerson} in person, ${imported.online} online`,
    ...(outsideAreaRows.length ? [`outside the partnership's area: ${outsideAreaRows.length} (not imported)`] : []),
    ...(inactive ? [`inactive (no place and no conference link): ${inactive} (not imported)`] : []),
    ...(problems.length ? [`unreadable: ${new Set(problems.map((p) => p.row)).size} row(s) (not imported)`] : []),
    ...(held.length ? [`held as pending for a coordinator: ${held.length} record(s)`] : []),
  ];
  return { ...report, meetings: meetings.length, imported, notImported: { outsideArea: outsideAreaRows.length, inactive }, outsideAreaRows, problems, warnings: kept, held, timezone, summary };
}

/** Published mutual-aid assets as a Meeting Guide feed, masked for this viewer as everywhere else. */
export async function exportFeed(knex: Knex, viewer: Viewer): Promise<Record<string, unknown>[]> {
  const views: AssetView[] = [];
  for (let offset = 0; ; offset += 5000) {
    const page = await listAssets(knex, viewer, assetListQuerySchema.parse({ category: 'mutual_aid', limit: '5000', offset: String(offset) }));
    views.push(...page);
    if (page.length < 5000) break;
  }
  return exportMeetings(views);
}
