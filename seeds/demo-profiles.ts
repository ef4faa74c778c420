import type { AssetCategory } from '../server/domain/vocabulary';
import { BASE_DRAFT as base, type AssetDraft, type Profile } from './demo-profile-types';
import { DAY_NAMES, WEEKDAYS, daytime, mutualAidMeetings, officeHours, session, weeklyEvening } from './demo-schedules';
import { moreProfiles } from './demo-profiles-more';

/**
 * What a typical asset of each category looks like: its name, hours, who it is for, how
 * peer-led and how commissioned. Each profile is a plain function of a seeded generator
 * and the place the asset is in, so the same seed gives the same demo.
 */
const FELLOWSHIPS = [
  { short: 'AA', org: 'aa_meetings', tags: ['aa', '12-step', 'alcohol'], study: 'Big Book Study', weight: 4 },
  { short: 'NA', org: 'na_meetings', tags: ['na', '12-step', 'drugs'], study: 'Basic Text Study', weight: 3 },
  { short: 'SMART Recovery', org: 'smart_meetings', tags: ['smart', 'cbt'], study: null, weight: 3 },
  { short: 'CA', org: null, tags: ['ca', '12-step', 'cocaine'], study: 'Step Group', weight: 1 },
] as const;

/** Meeting formats and who each is for; 'study' stands for the fellowship's own study meeting. */
const MEETING_FORMATS = [
  ['', [] as AssetDraft['whoFor']],
  ['Newcomers', []],
  ['Step Group', []],
  ['Speaker Meeting', []],
  ['study', []],
  ["Women's Meeting", ['women']],
  ['LGBTQ+ Meeting', ['lgbtq']],
  ["Young People's Meeting", ['young_adults']],
] as const;

const mutualAid: Profile = (r, { place }) => {
  const fellowship = r.weighted(FELLOWSHIPS.map((f) => [f, f.weight] as const));
  const schedule = mutualAidMeetings(r);
  const [format, whoFor] = r.weighted(MEETING_FORMATS.map((f, i) => [f, i === 0 ? 12 : 2] as const));
  // SMART meetings follow one programme; the 12-step fellowships name their formats.
  const label = fellowship.short === 'SMART Recovery' ? '' : format === 'study' ? fellowship.study : format;
  return {
    ...base,
    name: `${fellowship.short} – ${place} ${DAY_NAMES[schedule[0].day]}${label ? ` ${label}` : ''}`,
    description: `${fellowship.short} mutual-aid meeting in ${place}. Open to anyone who wants to stop or cut down; just turn up.`,
    tags: [...fellowship.tags, 'mutual-aid'],
    whoFor: label ? [...whoFor] : [],
    schedule,
    scheduleNotes: r.chance(0.3) ? 'Doors open 15 minutes before. Tea and coffee.' : null,
    selfReferral: true,
    professionalReferral: false,
    cost: 'free',
    costNotes: 'A collection is taken; nobody has to give.',
    peerLed: true,
    commissioning: 'independent',
    participationLevel: 'independent_leadership',
    organisationKey: fellowship.org,
  };
};

const TREATMENT = [
  ['Adult Drug & Alcohol Hub', 'Assessment, key working, prescribing and groups for adults.'],
  ['Alcohol Clinic', 'Alcohol assessment, community detox planning and aftercare.'],
  ['Opiate Substitution Clinic', 'Prescribing reviews and supervised consumption planning.'],
  ['Community Detox Clinic', 'Planned community detoxification with nurse support.'],
  ["Young People's Substance Use Service", 'Support for under-25s and their families.'],
  ['Shared-care GP Clinic', 'Prescribing shared between the GP and the treatment service.'],
  ['Psychosocial Group Programme', 'Structured group work: relapse prevention, coping skills.'],
] as const;

const treatment: Profile = (r, { place }) => {
  const [kind, what] = r.pick(TREATMENT);
  const organisationKey = r.weighted([['stonechat', 3], ['saltmoor', 1]] as const);
  return {
    ...base,
    name: `${kind} – ${place}`,
    description: what,
    tags: ['treatment', ...(kind.startsWith('Alcohol') ? ['alcohol'] : [])],
    whoFor: kind.startsWith('Young') ? ['young_adults'] : [],
    schedule: officeHours(r),
    scheduleNotes: 'Appointments; phone first unless it says drop-in.',
    phone: null,
    selfReferral: true,
    professionalReferral: true,
    cost: 'free',
    commissioning: 'local_authority',
    participationLevel: r.pick(['consultation', 'information', 'participation'] as const),
    organisationKey,
  };
};

const harmReduction: Profile = (r, { place }) => {
  const kind = r.weighted([['pharmacy', 6], ['nsp', 5], ['naloxone', 4], ['outreach', 3]] as const);
  const common = { ...base, selfReferral: true, professionalReferral: true, cost: 'free' as const, commissioning: 'local_authority' as const };
  switch (kind) {
    case 'pharmacy':
      return {
        ...common,
        name: `Needle Exchange – Weaver Lane Pharmacy, ${place}`,
        description: 'Pharmacy needle and syringe programme, sharps bins and naloxone.',
        tags: ['needle-exchange', 'naloxone', 'pharmacy'],
        schedule: [...WEEKDAYS, 6].map((d) => session(d, '09:00', 510)),
        participationLevel: 'information',
        organisationKey: 'weaver_lane_pharmacies',
      };
    case 'nsp':
      return {
        ...common,
        name: `Harm Reduction Drop-in – ${place}`,
        description: 'Needle and syringe programme, wound care, blood-borne virus tests and advice.',
        tags: ['needle-exchange', 'bbv-testing', 'drop-in'],
        whoFor: ['homeless_inclusion_health'],
        schedule: daytime(r, WEEKDAYS, r.int(2, 5), ['10:00'], [360]),
        participationLevel: 'consultation',
        organisationKey: 'stonechat',
      };
    case 'naloxone':
      return {
        ...common,
        name: `Naloxone Training – ${place}`,
        description: 'Learn to spot an opioid overdose and use naloxone; take a kit home.',
        tags: ['naloxone', 'training', 'overdose'],
        whoFor: r.chance(0.4) ? ['families_carers'] : [],
        schedule: [],
        scheduleNotes: `First ${r.pick(DAY_NAMES.slice(1, 6))} of the month, 14:00–15:30.`,
        peerLed: r.chance(0.5),
        participationLevel: 'participation',
        organisationKey: r.pick(['stonechat', 'lanternlight'] as const),
      };
    default:
      return {
        ...common,
        name: `Evening Outreach – ${place}`,
        description: 'Outreach workers and peers on foot: harm reduction supplies, food and a friendly face.',
        tags: ['outreach', 'naloxone'],
        whoFor: ['homeless_inclusion_health'],
        schedule: r.sample([1, 3, 5], 2).map((d) => session(d, '19:00', 180)).sort((a, b) => a.day - b.day),
        peerLed: r.chance(0.5),
        participationLevel: 'partnership',
        organisationKey: 'stonechat',
      };
  }
};

const LEROS = ['lanternlight', 'packhorse', 'emberwick', 'millstone', 'heron_row'] as const;
const LERO_NAMES: Record<(typeof LEROS)[number], string> = {
  lanternlight: 'Lanternlight',
  packhorse: 'Packhorse',
  emberwick: 'Emberwick',
  millstone: 'Millstone',
  heron_row: 'Heron Row',
};
const LERO_OFFERS = [
  ['Peer Mentoring', 'One-to-one support from a trained peer mentor with lived experience.'],
  ['Recovery Coaching', 'Set goals and build recovery capital with a recovery coach.'],
  ['Peer Support Group', 'A weekly group run by people in recovery, for people in or seeking recovery.'],
  ['Lived Experience Forum', 'Have a say: the forum feeds back to commissioners and services.'],
  ['Volunteer Training', 'Peer volunteer training with certificates and supervision.'],
  ['Recovery Check-in', 'Drop in for a brew and a check-in with someone who has been there.'],
] as const;

const leroPeerSupport: Profile = (r, { place, variant }) => {
  if (variant === 'womens_peer_circle') {
    return {
      ...base,
      name: "Women's Recovery Circle – Heron Row",
      description: 'A women-only peer circle for women in recovery who have experienced abuse. Venue given on first contact.',
      tags: ['peer-support', 'women-only'],
      whoFor: ['women'],
      schedule: [session(3, '10:30', 120)],
      selfReferral: true,
      professionalReferral: true,
      cost: 'free',
      peerLed: true,
      commissioning: 'independent',
      participationLevel: 'independent_leadership',
      organisationKey: 'heron_row',
    };
  }
  const lero = r.weighted([['lanternlight', 4], ['packhorse', 3], ['emberwick', 2], ['millstone', 2], ['heron_row', 1]] as const);
  const [offer, what] = r.pick(LERO_OFFERS);
  return {
    ...base,
    name: `${LERO_NAMES[lero]} ${offer} – ${place}`,
    description: what,
    tags: ['peer-support', 'lived-experience'],
    whoFor: lero === 'heron_row' ? ['women'] : r.chance(0.15) ? [r.pick(['men', 'young_adults', 'older_people', 'ethnic_minority_led'] as const)] : [],
    schedule: r.chance(0.2) ? weeklyEvening(r) : daytime(r, WEEKDAYS, r.int(1, 3), ['10:00', '10:30', '13:00'], [120, 150]),
    selfReferral: true,
    professionalReferral: true,
    cost: 'free',
    peerLed: true,
    commissioning: lero === 'lanternlight' ? 'local_authority' : 'independent',
    participationLevel: r.weighted([['independent_leadership', 3], ['delegated_leadership', 2]] as const),
    organisationKey: lero,
  };
};

const CAFE_NAMES = ['Recovery Café', 'Sober Social', 'Recovery Breakfast Club', 'Community Kitchen', 'Brew & Banter'] as const;

const recoveryCommunity: Profile = (r, { place }) => {
  const kind = r.pick(CAFE_NAMES);
  const runner = r.weighted([['lanternlight', 3], ['packhorse', 3], ['emberwick', 2], [null, 2]] as const);
  return {
    ...base,
    name: place === 'Hebden Bridge' || place === 'Mytholmroyd' ? `Calder Valley ${kind} – ${place}` : `${place} ${kind}`,
    description: 'Alcohol- and drug-free space run by the recovery community: food, company and what’s on.',
    tags: ['cafe', 'drop-in', 'recovery-community'],
    schedule: kind === 'Sober Social' ? weeklyEvening(r, [5, 6]) : daytime(r, [1, 2, 3, 4, 5, 6], r.int(1, 3), ['09:30', '10:00', '11:00'], [180, 240]),
    selfReferral: true,
    professionalReferral: false,
    cost: r.pick(['free', 'low_cost'] as const),
    costNotes: 'Pay what you can for food.',
    peerLed: true,
    commissioning: runner === 'lanternlight' ? 'local_authority' : 'independent',
    participationLevel: r.weighted([['delegated_leadership', 2], ['independent_leadership', 2], ['partnership', 1]] as const),
    organisationKey: runner,
  };
};

export const PROFILES: Record<AssetCategory, Profile> = {
  mutual_aid: mutualAid,
  treatment,
  harm_reduction: harmReduction,
  lero_peer_support: leroPeerSupport,
  recovery_community: recoveryCommunity,
  ...moreProfiles,
};
