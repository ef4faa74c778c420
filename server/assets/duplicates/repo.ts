import type { Knex } from 'knex';
import { z } from 'zod';
import type { LocationAccess } from '../repo';
import { CANDIDATE_TRIGRAM, MAX_REACH_METRES } from './score';
import type { BatchCandidate, BatchPair } from './batch';

// Rows are parsed where they enter; pg_trgm's real and ST_Distance come as numbers or
// numeric text depending on the engine, so both are read as numbers. Keys in the
// statements' column order: a parsed row keeps its keys' order.
const candidateColumns = {
  id: z.string(),
  name: z.string(),
  status: z.string(),
  category: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  schedule: z.array(z.object({ day: z.number() }).loose()),
  organisationId: z.string().nullable(),
  /** pg_trgm on folded (lower-case, unaccented) names: (similarity + best word_similarity) / 2. */
  trigram: z.coerce.number(),
  /** To the nearest site; for a masked-only match, to the masking area (0 inside it). */
  distanceMetres: z.coerce.number(),
};
const duplicateRow = z.object({
  ...candidateColumns,
  /** Matched only through a sensitive place's masking area (no exact point used). */
  maskedOnly: z.boolean(),
});
export type DuplicateRow = z.infer<typeof duplicateRow>;
const registryCandidateRows = z.array(z.object({ i: z.number(), ...candidateColumns }));
export const batchPairRows = z.array(z.object({ earlier: z.number(), later: z.number(), trigram: z.coerce.number(), distanceMetres: z.coerce.number() }));
const wordCountRow = z.object({ names: z.coerce.number(), words: z.union([z.string().transform((t) => JSON.parse(t)), z.record(z.string(), z.number())]) });

export { CANDIDATE_TRIGRAM };

export type DuplicateQuery = {
  partnershipId: string;
  name: string;
  points: { lat: number; lng: number }[];
  excludeId?: string;
  access: LocationAccess;
  /** Non-privileged capturers: of pending records, only their own; never rejected or archived. */
  pendingOnlyIfCreatedBy?: string;
  phoneDigits?: string | null;
  email?: string | null;
  organisationId?: string | null;
};

/**
 * Live records with a site within the largest reach (2.4 km) of any of the points and a
 * name at all alike (or a shared phone, email or organisation); score decides.
 *
 * `exact` (coordinators, admins): against exact places, with distances.
 * `masked` (everyone else): ordinary sites by their point (public anyway); a sensitive
 * site only by its masking area (the k-anonymous cell, `geom_mask_area`), its distance
 * being to that area (0 inside it). Everything returned about a sensitive site is then a
 * function of the public cell, so no binary search or circle fit over the answers can
 * place the refuge more finely than the cell.
 */
export async function findDuplicateCandidates(knex: Knex, q: DuplicateQuery): Promise<DuplicateRow[]> {
  const masked = q.access === 'masked';
  const values = q.points.map(() => '(ST_SetSRID(ST_MakePoint(?, ?), 4326))').join(', ');
  const pointBindings = q.points.flatMap((p) => [p.lng, p.lat]);
  const geom = masked ? 's.geom_public' : 's.geom';
  const byPoint = `SELECT s.id AS site_id, false AS masked, min(ST_Distance(${geom}::geography, p.geom::geography)) AS d
     FROM probe p JOIN site s ON ST_DWithin(${geom}::geography, p.geom::geography, ?) ${masked ? 'AND NOT s.sensitive' : ''}
     GROUP BY s.id`;
  const byArea = `SELECT s.id AS site_id, true AS masked, min(ST_Distance(s.geom_mask_area::geography, p.geom::geography)) AS d
     FROM probe p JOIN site s ON s.sensitive AND ST_DWithin(s.geom_mask_area::geography, p.geom::geography, ?)
     GROUP BY s.id`;
  const visible = q.pendingOnlyIfCreatedBy
    ? `(a.status = 'published' OR (a.status = 'pending' AND a.created_by = ?))`
    : `a.status IN ('pending', 'published')`;
  // MATERIALIZED: inlined, the near-sites step was re-planned into the join and the exact
  // (coordinator) check took 114 ms median embedded (bench-masking, 400 sites); fenced, 30 ms.
  const { rows } = await knex.raw(
    `WITH probe(geom) AS (VALUES ${values}),
     near AS MATERIALIZED (${byPoint}${masked ? ` UNION ALL ${byArea}` : ''}),
     scored AS (
       SELECT a.id, a.name, a.status, a.category, a.phone, a.email, a.website, a.schedule,
              a.organisation_id AS "organisationId",
              (similarity(waymark_fold(a.name), waymark_fold(?))
                + greatest(word_similarity(waymark_fold(a.name), waymark_fold(?)), word_similarity(waymark_fold(?), waymark_fold(a.name)))) / 2 AS trigram,
              min(n.d) AS "distanceMetres",
              bool_and(n.masked) AS "maskedOnly"
       FROM near n
       JOIN asset_site x ON x.site_id = n.site_id
       JOIN asset a ON a.id = x.asset_id
       WHERE a.partnership_id = ? AND ${visible} AND a.merged_into IS NULL
         AND a.id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
       GROUP BY a.id)
     SELECT * FROM scored
     WHERE trigram >= ?
        OR (?::text IS NOT NULL AND regexp_replace(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), '^44', '0') = ?)
        OR (?::text IS NOT NULL AND lower(email) = ?)
        OR (?::uuid IS NOT NULL AND "organisationId" = ?)
     ORDER BY trigram DESC, "distanceMetres", id
     LIMIT 50`,
    [
      ...pointBindings,
      MAX_REACH_METRES,
      ...(masked ? [MAX_REACH_METRES] : []),
      q.name, q.name, q.name,
      q.partnershipId,
      ...(q.pendingOnlyIfCreatedBy ? [q.pendingOnlyIfCreatedBy] : []),
      q.excludeId ?? null,
      CANDIDATE_TRIGRAM,
      q.phoneDigits ?? null, q.phoneDigits ?? null,
      q.email ?? null, q.email ?? null,
      q.organisationId ?? null, q.organisationId ?? null,
    ],
  );
  return z.array(duplicateRow).parse(rows);
}

/** pg_trgm's score of two folded names, as findDuplicateCandidates computes it (the probe `b`). */
const trigram = (a: string, b: string) => `(similarity(${a}, ${b}) + greatest(word_similarity(${a}, ${b}), word_similarity(${b}, ${a}))) / 2`;

/**
 * findDuplicateCandidates for a whole batch of new records, for privileged importers
 * (`exact` access: coordinators, admins), in short statements that need no transaction:
 * every statement is sent the probes it needs (their names folded and contacts
 * normalised there, as the database does), so it can run on any connection, and between
 * two of them other requests take their turn. askNames gives names' trigrams and words,
 * findBatchRegistryCandidates finds the live records near each probe (by the probe's
 * position in the batch), and scoreBatchPairs scores the pairs of probes a caller names
 * (pairs.ts picks them), with the same trigram, distance and contact filters, so that
 * batch.ts can judge every record against the registry and the batch's earlier ones.
 * (Folding the names in a statement of their own first took a sixth of a 20,000-row check.)
 */
export type BatchProbe = {
  name: string; lat: number; lng: number; phone: string | null; email: string | null; organisationId: string | null;
  /** The probe side of the contact rule, normalised as duplicatesFor does (normalisePhone, normaliseEmail). */
  phoneDigits: string | null; emailNormalised: string | null;
};

/**
 * The probes a statement needs, as a relation `(i, folded, geom, organisation_id,
 * phone_digits, email_normalised)`, with `stored` also `(phone_stored, email_stored)`: the
 * written side of the contact rule, as the registry query normalises stored contacts.
 */
const probeRelation = (stored: boolean) => `(SELECT r.i, waymark_fold(r.name) AS folded, ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326) AS geom,
    r.org AS organisation_id, r.pd AS phone_digits, r.en AS email_normalised${stored ? `,
    regexp_replace(regexp_replace(coalesce(r.ph, ''), '[^0-9]', '', 'g'), '^44', '0') AS phone_stored, lower(r.em) AS email_stored` : ''}
  FROM json_to_recordset(?::json) AS r(i int, name text, lat float8, lng float8, org uuid, pd text, en text, ph text, em text))`;
const probeJson = (probes: BatchProbe[], positions: Iterable<number>, stored: boolean) => JSON.stringify([...positions].map((i) => {
  const p = probes[i];
  return { i, name: p.name, lat: p.lat, lng: p.lng, org: p.organisationId, pd: p.phoneDigits, en: p.emailNormalised, ...(stored ? { ph: p.phone, em: p.email } : {}) };
}));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

/**
 * pg_trgm's trigrams (show_trgm) and the raw words (as registryWordCounts splits them) of
 * these names folded as the database folds them, by position; a name with no words has none.
 */
export async function askNames(knex: Knex, names: string[], positions: number[]): Promise<{ trigrams: Map<number, string[]>; words: Map<number, string[]> }> {
  if (!positions.length) return { trigrams: new Map(), words: new Map() };
  const { rows } = await knex.raw(
    `SELECT r.i, show_trgm(f.folded) AS trigrams,
            ARRAY(SELECT DISTINCT w.word FROM regexp_split_to_table(f.folded, '[^[:alnum:]]+') AS w(word) WHERE w.word <> '') AS words
     FROM json_to_recordset(?::json) AS r(i int, name text) CROSS JOIN LATERAL (SELECT waymark_fold(r.name) AS folded) f`,
    [JSON.stringify(positions.map((i) => ({ i, name: names[i] })))],
  );
  const parsed = askedRows.parse(rows);
  return { trigrams: new Map(parsed.map((r) => [r.i, r.trigrams])), words: new Map(parsed.flatMap((r) => (r.words.length ? [[r.i, r.words]] : []))) };
}
const askedRows = z.array(z.object({ i: z.number(), trigrams: z.array(z.string()), words: z.array(z.string()) }));

/**
 * Probes looked up per statement. Each must fit the server's statement timeout, and on the
 * embedded engine nothing else runs meanwhile (health's probe waits for it): 20,000 probes
 * in Calderdale against the demo's 300 records were one 7.2 s statement (bench:import
 * --dense --demo); each probe's candidates are its own, so slices give the same rows.
 */
const REGISTRY_PROBE_BATCH = 1_000;

/**
 * Slices looked up at once. On the server engine each goes to its own connection and
 * core (20,000 probes: ~290 ms one at a time); the embedded engine's one connection still
 * takes them one after another, so nothing holds it longer.
 */
const REGISTRY_SLICES_AT_ONCE = 2;

/** The live records near each probe: the 50 with the best names, as findDuplicateCandidates. */
export async function findBatchRegistryCandidates(knex: Knex, partnershipId: string, probes: BatchProbe[], perStatement = REGISTRY_PROBE_BATCH): Promise<Map<number, BatchCandidate[]>> {
  const starts = range(0, Math.ceil(probes.length / perStatement)).map((k) => k * perStatement);
  const slices: Awaited<ReturnType<typeof registrySlice>>[] = [];
  let next = 0;
  let failed = false;
  const lane = async () => {
    // A lane stops when the other fails: its error is the answer, nothing more need be asked.
    while (!failed && next < starts.length) {
      const k = next++;
      try {
        slices[k] = await registrySlice(knex, partnershipId, probeJson(probes, range(starts[k], Math.min(probes.length, starts[k] + perStatement)), false));
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(range(0, REGISTRY_SLICES_AT_ONCE).map(lane));
  const registry = new Map<number, BatchCandidate[]>();
  for (const { i, ...r } of slices.flat()) {
    if (!registry.has(i)) registry.set(i, []);
    registry.get(i)!.push(r);
  }
  return registry;
}

/** findBatchRegistryCandidates for one slice of the probes. */
async function registrySlice(knex: Knex, partnershipId: string, sliceJson: string) {
  // The trigram and the contact filter exactly as in findDuplicateCandidates, the probe on
  // the right; each record's name folded once (`live`), not three times per probe near it.
  // The slice is fenced (MATERIALIZED): joined as a filter, each statement walked every
  // probe near every site and kept a tenth.
  const { rows: registryRows } = await knex.raw(
    `WITH slice AS MATERIALIZED ${probeRelation(false)},
     near AS MATERIALIZED (
       SELECT p.i, x.asset_id, min(ST_Distance(s.geom::geography, p.geom::geography)) AS d
       FROM slice p
       JOIN site s ON ST_DWithin(s.geom::geography, p.geom::geography, ?)
       JOIN asset_site x ON x.site_id = s.id
       GROUP BY p.i, x.asset_id),
     live AS MATERIALIZED (
       SELECT a.*, waymark_fold(a.name) AS folded FROM asset a
       WHERE a.id IN (SELECT asset_id FROM near) AND a.partnership_id = ? AND a.status IN ('pending', 'published') AND a.merged_into IS NULL),
     scored AS (
       SELECT n.i, a.id, a.name, a.status, a.category, a.phone, a.email, a.website, a.schedule, a.organisation_id AS "organisationId",
              ${trigram('a.folded', 'p.folded')} AS trigram, n.d AS "distanceMetres",
              p.phone_digits, p.email_normalised, p.organisation_id AS probe_organisation
       FROM near n JOIN live a ON a.id = n.asset_id JOIN slice p ON p.i = n.i),
     kept AS (
       SELECT *, row_number() OVER (PARTITION BY i ORDER BY trigram DESC, "distanceMetres", id) AS rank FROM scored
       WHERE trigram >= ?
          OR (phone_digits IS NOT NULL AND regexp_replace(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), '^44', '0') = phone_digits)
          OR (email_normalised IS NOT NULL AND lower(email) = email_normalised)
          OR (probe_organisation IS NOT NULL AND "organisationId" = probe_organisation))
     SELECT i, id, name, status, category, phone, email, website, schedule, "organisationId", trigram, "distanceMetres" FROM kept WHERE rank <= 50`,
    [sliceJson, MAX_REACH_METRES, partnershipId, CANDIDATE_TRIGRAM],
  );
  return registryCandidateRows.parse(registryRows);
}

/**
 * Pairs scored per statement: each must fit the server's statement timeout, and the
 * embedded engine runs each on the event loop's thread. 50,000 pairs were 5.4 s apiece
 * there (2,000 similar names in one district: nothing else answered meanwhile); 2,000
 * are about 0.2 s.
 */
const PAIR_BATCH = 2_000;

/**
 * The named pairs of loaded probes that are candidates for each other: within the largest
 * reach, and a name at all alike or a shared phone, email or organisation.
 */
export async function scoreBatchPairs(knex: Knex, probes: BatchProbe[], wanted: { earlier: number; later: number }[]): Promise<BatchPair[]> {
  const pairs: BatchPair[] = [];
  for (let k = 0; k < wanted.length; k += PAIR_BATCH) {
    const chunk = wanted.slice(k, k + PAIR_BATCH);
    const ends = new Set(chunk.flatMap((p) => [p.earlier, p.later]));
    // `e` plays the written record (stored contacts), `l` the probe (normalised contacts).
    const { rows } = await knex.raw(
      `WITH duplicate_probe AS MATERIALIZED ${probeRelation(true)}
       SELECT * FROM (
         SELECT e.i AS earlier, l.i AS later, ${trigram('e.folded', 'l.folded')} AS trigram,
                ST_Distance(e.geom::geography, l.geom::geography) AS "distanceMetres",
                (l.phone_digits IS NOT NULL AND e.phone_stored = l.phone_digits)
                  OR (l.email_normalised IS NOT NULL AND e.email_stored = l.email_normalised)
                  OR (l.organisation_id IS NOT NULL AND e.organisation_id = l.organisation_id) AS contact
         FROM unnest(?::int[], ?::int[]) AS w(earlier, later)
         JOIN duplicate_probe e ON e.i = w.earlier
         JOIN duplicate_probe l ON l.i = w.later
         WHERE e.i < l.i AND ST_DWithin(e.geom::geography, l.geom::geography, ?)) q
       WHERE trigram >= ? OR contact`,
      [probeJson(probes, ends, true), chunk.map((p) => p.earlier), chunk.map((p) => p.later), MAX_REACH_METRES, CANDIDATE_TRIGRAM],
    );
    pairs.push(...batchPairRows.parse(rows));
  }
  return pairs;
}

/**
 * How many live names (pending or published, not merged) of the partnership there are, and
 * how many hold each of `words` (raw words of waymark_fold(name), split at anything not a
 * letter or digit): the registry's word counts the duplicate rule weighs names by
 * (names.ts weightsFromWordCounts). One pass over the partnership's names: on the
 * server engine about 10–20 ms for 2,000 names and 0.9 s for 100,000 (psql timing of this
 * query on synthetic names); a kept word-count table would be the next step at that size.
 */
export async function registryWordCounts(knex: Knex, partnershipId: string, words: string[]): Promise<{ names: number; words: Record<string, number> }> {
  const { rows } = await knex.raw(
    `SELECT (SELECT count(*) FROM asset WHERE partnership_id = ? AND status IN ('pending', 'published') AND merged_into IS NULL)::int AS names,
            coalesce((SELECT json_object_agg(word, n) FROM (
              SELECT w.word, count(DISTINCT a.id)::int AS n
              FROM asset a CROSS JOIN LATERAL regexp_split_to_table(waymark_fold(a.name), '[^[:alnum:]]+') AS w(word)
              WHERE a.partnership_id = ? AND a.status IN ('pending', 'published') AND a.merged_into IS NULL AND w.word = ANY(?::text[])
              GROUP BY w.word) q), '{}'::json) AS words`,
    [partnershipId, partnershipId, words],
  );
  const { names, words: counts } = wordCountRow.parse(rows[0]);
  return { names, words: counts };
}
