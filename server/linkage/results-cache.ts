import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { isPrivileged, type Viewer } from '../auth/viewer';
import { VersionedCache } from '../cache/read-cache';
import { readDataVersion } from '../cache/repo';
import type { CampaignResults } from './types';
import { pairsDigest, type ResultsCampaign } from './results-repo';
import { audienceOf, forAudience, pathwaysForAudience, teamResults } from './method-service';
import { agreementsDigest } from './repo';
import { pathwaysOf, readableCampaign } from './results-service';
import type { CampaignResultsV2 } from './types-v2';

/**
 * A campaign's results and pathway layers as JSON text, kept per campaign version so a
 * published campaign read by many visitors is computed once (a 20,000-pair campaign's
 * pathways took 3.2 s and 10.9 MB per request). The version is a digest of everything
 * the answer is computed from: the campaign's own fields; its pairs' statuses and
 * outcomes unless it is closed (closed is read-only: an attempt is refused under the
 * campaign's row lock, caller-service.ts); and, for pathways, the public data version,
 * which every change to a site (its point, mask or sensitivity) moves. The access check
 * runs on every request before the cache is asked; the exact and masked pathways are
 * separate entries, so a masked viewer is never handed an exact answer. So are the team's
 * and everyone else's (per-service figures only of services that agreed, publication.ts),
 * whose version also follows the agreements.
 */
/** An answer as JSON text, with a weak ETag from its campaign version (If-None-Match then gets 304). */
export type Versioned = { body: string; etag: string };

export class CampaignReads {
  private readonly answers: VersionedCache<string>;
  /** Answers computed (not served from the cache) since start: for tests and operators. */
  computed = 0;

  constructor(private readonly knex: Knex, private readonly settings: { entries: number; ttlMs?: number }) {
    this.answers = new VersionedCache(Math.max(1, settings.entries), settings.ttlMs ?? 10 * 60_000);
  }

  private async version(c: ResultsCampaign, withSites: boolean, audience: 'team' | 'public' = 'team'): Promise<number> {
    const own = [c.id, c.name, c.approach, c.status, c.published, c.seed, c.drawnAt, c.closedAt, c.design, c.drawSummary, c.rubric];
    // Second codings are written to open and closed campaigns alike until the close; the digest covers pairs only, so they go in too.
    const pairs = c.status === 'closed' ? 'closed' : [await pairsDigest(this.knex, c.id), await this.knex('campaign_second_coding as s').join('campaign_pair as p', 'p.id', 's.pair_id').where('p.campaign_id', c.id).count({ n: '*' })];
    const sites = withSites ? await readDataVersion(this.knex) : null;
    const agreements = audience === 'public' ? await agreementsDigest(this.knex) : null;
    const hex = createHash('sha256').update(JSON.stringify([own, pairs, sites, audience, agreements])).digest('hex');
    // 48 bits of the digest: VersionedCache compares versions as numbers.
    return parseInt(hex.slice(0, 12), 16);
  }

  private answer(key: string, version: number, compute: () => Promise<unknown>): Promise<string> {
    const make = async () => {
      this.computed++;
      return JSON.stringify(await compute());
    };
    return this.settings.entries ? this.answers.get(key, version, make) : make();
  }

  private async resultsText(c: ResultsCampaign, audience: 'team' | 'public'): Promise<{ body: string; version: number }> {
    const version = await this.version(c, false, audience);
    const body = await this.answer(`results|${c.id}|${audience}`, version, async () => {
      const team = audience === 'team' ? await teamResults(this.knex, c) : (JSON.parse((await this.resultsText(c, 'team')).body) as CampaignResultsV2);
      return forAudience(this.knex, team, audience);
    });
    return { body, version };
  }

  async results(viewer: Viewer, id: string): Promise<Versioned> {
    const c = await readableCampaign(this.knex, viewer, id);
    const audience = audienceOf(viewer);
    const { body, version } = await this.resultsText(c, audience);
    return { body, etag: `W/"cr${audience === 'team' ? 't' : 'p'}${version}"` };
  }

  /** The results with the design, rubric and frame, for the summary.json download (the results part from the cache). */
  async summaryExport(viewer: Viewer, id: string) {
    const c = await readableCampaign(this.knex, viewer, id);
    const results = JSON.parse((await this.resultsText(c, audienceOf(viewer))).body) as CampaignResults;
    return { ...results, design: c.design, rubric: c.rubric, frame: c.frameFilters, exportedAt: new Date().toISOString() };
  }

  async pathways(viewer: Viewer, id: string, layer: 'lines' | 'assets'): Promise<Versioned> {
    const c = await readableCampaign(this.knex, viewer, id);
    const access = isPrivileged(viewer) ? 'exact' : 'masked';
    const audience = audienceOf(viewer);
    const version = await this.version(c, true, audience);
    const body = await this.answer(`pathways|${c.id}|${layer}|${access}|${audience}`, version, async () => pathwaysForAudience(this.knex, await pathwaysOf(this.knex, c, access, layer), audience));
    // The access and audience are in the tag: a browser holding the exact or team layer never revalidates it as another.
    return { body, etag: `W/"cp${access === 'exact' ? 'x' : 'm'}${audience === 'team' ? 't' : 'p'}${version}"` };
  }
}
