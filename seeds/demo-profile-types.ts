import type { AssetCreateInput } from '../server/assets/schemas';
import type { OrganisationKey } from './demo-catalogue';
import type { Random } from './seeded-random';

/**
 * What a category profile returns: an asset's own fields, before the generator adds its
 * place, who reported it and whether it is sensitive.
 */
export type AssetDraft = Omit<AssetCreateInput, 'category' | 'description' | 'sites' | 'publish' | 'organisationId' | 'sensitive' | 'learnedFrom'> & {
  description: string;
  organisationKey: OrganisationKey | null;
};

/** Special cases the generator asks for by name; each is sensitive (its exact place is withheld from the public). */
export type SensitiveVariant = 'refuge' | 'confidential_recovery_house' | 'womens_abuse_recovery_group' | 'womens_peer_circle';

export type ProfileContext = { place: string; variant: SensitiveVariant | null };
export type Profile = (r: Random, ctx: ProfileContext) => AssetDraft;

/** The fields every draft starts from. */
export const BASE_DRAFT = {
  tags: [] as string[],
  whoFor: [] as AssetDraft['whoFor'],
  schedule: [] as AssetDraft['schedule'],
  peerLed: false,
};
