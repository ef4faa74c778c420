import type { PathwayAssetCollection, PathwayCollection } from './types';
import type { CampaignResultsV2 } from './types-v2';

/**
 * The per-service publication rule (issue 21, item 3; docs/linkage-ethics.md): published
 * and commissioners' summaries carry partnership-level figures only. A service's own
 * figures (its in/out/reach rates, its place in the network, the pathways it is an end
 * of) are shown beyond the campaign team only when that service has agreed. Pure: the
 * agreed set comes from repo.agreedServices.
 */
export type Audience = 'team' | 'public';

export function withholdResults(r: CampaignResultsV2, agreed: ReadonlySet<string>): CampaignResultsV2 {
  const ok = (id: string) => agreed.has(id);
  const assets = r.assets.filter((a) => ok(a.assetId));
  const network = {
    ...r.network,
    degree: r.network.degree.filter((d) => ok(d.assetId)),
    isolated: r.network.isolated.filter((d) => ok(d.assetId)),
    brokers: r.network.brokers.filter((d) => ok(d.assetId)),
  };
  return {
    ...r, assets, network,
    // Caller figures are about the team's own work, not for publication.
    method: { ...r.method, callers: null, perService: { shown: 'agreed_only', withheld: r.assets.length - assets.length } },
  };
}

/** A pathway line is one service's answer about another: shown only when both ends agreed. */
export function withholdPathways(c: PathwayCollection | PathwayAssetCollection, agreed: ReadonlySet<string>): PathwayCollection | PathwayAssetCollection {
  const features = (c.features as (PathwayCollection['features'][number] | PathwayAssetCollection['features'][number])[]).filter((f) =>
    'aAssetId' in f.properties ? agreed.has(f.properties.aAssetId) && agreed.has(f.properties.bAssetId) : agreed.has(f.properties.assetId),
  );
  return { type: 'FeatureCollection', features } as PathwayCollection | PathwayAssetCollection;
}
