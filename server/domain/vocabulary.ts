/**
 * Waymark's controlled vocabularies, with the labels people see. One source for the zod
 * schemas, the database CHECK constraints (migrations read these lists when they run) and
 * the client (served at GET /api/vocabulary). Codes are stable identifiers: relabel
 * freely, but renaming a code needs a migration.
 *
 * Sources: OHID (2023) "Part 3: how to develop systems of care that support recovery"
 * (asset types, LEROs, the adapted Arnstein ladder, how assets are learned of) and the
 * Commissioning Quality Standard (2022), standards 2.1 and 3.1.
 */
type Vocabulary = readonly { code: string; label: string }[];

function codes<V extends Vocabulary>(v: V): [V[number]['code'], ...V[number]['code'][]] {
  return v.map((e) => e.code) as [V[number]['code'], ...V[number]['code'][]];
}

export const ASSET_CATEGORIES = [
  { code: 'treatment', label: 'Treatment' },
  { code: 'harm_reduction', label: 'Harm reduction' },
  { code: 'mutual_aid', label: 'Mutual aid' },
  { code: 'lero_peer_support', label: 'LERO / peer support' },
  { code: 'recovery_community', label: 'Recovery community / café' },
  { code: 'family_carer_support', label: 'Family and carer support' },
  { code: 'housing', label: 'Housing (incl. recovery housing)' },
  { code: 'education_training_employment', label: 'Education, training and employment' },
  { code: 'health', label: 'Health (incl. mental health and blood-borne viruses)' },
  { code: 'criminal_justice', label: 'Criminal justice' },
  { code: 'social_leisure_arts', label: 'Social, leisure, sport and arts' },
  { code: 'faith_community', label: 'Faith and community' },
  { code: 'advice', label: 'Advice: benefits, debt, legal' },
  { code: 'other', label: 'Other' },
] as const;

export const WHO_FOR = [
  { code: 'women', label: 'Women' },
  { code: 'men', label: 'Men' },
  { code: 'lgbtq', label: 'LGBTQ+' },
  { code: 'young_adults', label: 'Young adults (18–25)' },
  { code: 'older_people', label: 'Older people' },
  { code: 'families_carers', label: 'Families and carers' },
  { code: 'ethnic_minority_led', label: 'Ethnic-minority-led' },
  { code: 'faith_based', label: 'Faith-based' },
  { code: 'learning_disabilities', label: 'Learning disabilities' },
  { code: 'homeless_inclusion_health', label: 'Homeless / inclusion health' },
  { code: 'criminal_justice', label: 'Criminal justice' },
] as const;

/** The adapted Arnstein ladder of peer participation, top rung first (OHID 2023). */
export const PARTICIPATION_LEVELS = [
  { code: 'independent_leadership', label: 'Independent leadership' },
  { code: 'delegated_leadership', label: 'Delegated leadership' },
  { code: 'partnership', label: 'Partnership' },
  { code: 'participation', label: 'Participation' },
  { code: 'consultation', label: 'Consultation' },
  { code: 'information', label: 'Information' },
  { code: 'directive_support', label: 'Directive support' },
  { code: 'passive_support', label: 'Passive support' },
] as const;

/**
 * The ladder's three bands, each rung in exactly one. Arnstein's split by position (the two
 * lowest rungs are non-participation, the middle three tokenism, the top three citizen
 * power), named as the adapted ladder names them for peer participation.
 */
export const PARTICIPATION_BANDS = [
  { code: 'peer_power', label: 'Peer power', levels: ['independent_leadership', 'delegated_leadership', 'partnership'] },
  { code: 'peer_participation', label: 'Peer participation', levels: ['participation', 'consultation', 'information'] },
  { code: 'non_participation', label: 'Non-participation', levels: ['directive_support', 'passive_support'] },
] as const;

/** Who a participation review hears from: the four groups OHID (2023) names. */
export const REVIEW_PERSPECTIVES = [
  { code: 'strategic_partnership', label: 'Strategic partnership group' },
  { code: 'service_provider', label: 'Service providers' },
  { code: 'lived_experience_initiative', label: 'Lived experience initiatives' },
  { code: 'people_in_treatment', label: 'People in treatment' },
] as const;

export const ASSET_STATUSES = [
  { code: 'pending', label: 'Pending review' },
  { code: 'published', label: 'Published' },
  { code: 'rejected', label: 'Rejected' },
  { code: 'archived', label: 'Archived' },
] as const;

/** Who told us about the asset: the routes OHID (2023) names for asset mapping. */
export const LEARNED_FROM = [
  { code: 'service_provider', label: 'Service provider' },
  { code: 'person_in_treatment', label: 'Person in treatment' },
  { code: 'person_not_in_treatment', label: 'Person not in treatment' },
  { code: 'lived_experience_leader', label: 'Lived experience leader' },
  { code: 'other_partner', label: 'Other partner' },
  { code: 'public_listing', label: 'Public listing' },
  { code: 'import', label: 'Import' },
] as const;

export const COMMISSIONING = [
  { code: 'local_authority', label: 'Commissioned by the local authority' },
  { code: 'independent', label: 'Independent of commissioned services' },
] as const;

export const COST = [
  { code: 'free', label: 'Free' },
  { code: 'low_cost', label: 'Low cost' },
  { code: 'paid', label: 'Paid' },
  { code: 'varies', label: 'Varies' },
] as const;

export const ORGANISATION_KINDS = [
  { code: 'lero', label: 'Lived experience recovery organisation (LERO)' },
  { code: 'treatment_provider', label: 'Treatment provider' },
  { code: 'mutual_aid_fellowship', label: 'Mutual-aid fellowship' },
  { code: 'voluntary_community', label: 'Voluntary / community' },
  { code: 'statutory', label: 'Statutory' },
  { code: 'faith', label: 'Faith' },
  { code: 'business', label: 'Business' },
  { code: 'other', label: 'Other' },
] as const;

export const LERO_STAGES = [
  { code: 'emerging_project', label: 'Emerging project' },
  { code: 'constituted_group', label: 'Constituted group' },
  { code: 'registered_charity_company', label: 'Registered charity / company' },
] as const;

export const COMMISSIONING_ROUTES = [
  { code: 'direct', label: 'Directly commissioned' },
  { code: 'sub_contracted', label: 'Sub-contracted' },
  { code: 'grant', label: 'Grant funded' },
  { code: 'none', label: 'Not commissioned' },
] as const;

export const ROLES = [
  { code: 'admin', label: 'Administrator' },
  { code: 'coordinator', label: 'Coordinator' },
  { code: 'volunteer', label: 'Peer volunteer' },
  { code: 'commissioner', label: 'Commissioner' },
  { code: 'researcher', label: 'Researcher' },
] as const;

export const categoryCodes = codes(ASSET_CATEGORIES);
export const whoForCodes = codes(WHO_FOR);
export const participationCodes = codes(PARTICIPATION_LEVELS);
export const participationBandCodes = codes(PARTICIPATION_BANDS);
export const reviewPerspectiveCodes = codes(REVIEW_PERSPECTIVES);
export const assetStatusCodes = codes(ASSET_STATUSES);
export const learnedFromCodes = codes(LEARNED_FROM);
export const commissioningCodes = codes(COMMISSIONING);
export const costCodes = codes(COST);
export const organisationKindCodes = codes(ORGANISATION_KINDS);
export const leroStageCodes = codes(LERO_STAGES);
export const commissioningRouteCodes = codes(COMMISSIONING_ROUTES);
export const roleCodes = codes(ROLES);

export type AssetCategory = (typeof categoryCodes)[number];
export type AssetStatus = (typeof assetStatusCodes)[number];
export type Role = (typeof roleCodes)[number];

/** Everything the client needs to label and build forms, in one payload. */
export const VOCABULARY = {
  categories: ASSET_CATEGORIES,
  whoFor: WHO_FOR,
  participationLevels: PARTICIPATION_LEVELS,
  participationBands: PARTICIPATION_BANDS,
  reviewPerspectives: REVIEW_PERSPECTIVES,
  statuses: ASSET_STATUSES,
  learnedFrom: LEARNED_FROM,
  commissioning: COMMISSIONING,
  cost: COST,
  organisationKinds: ORGANISATION_KINDS,
  leroStages: LERO_STAGES,
  commissioningRoutes: COMMISSIONING_ROUTES,
  roles: ROLES,
} as const;
