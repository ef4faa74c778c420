import type { AssetCategory } from '../server/domain/vocabulary';
import { BASE_DRAFT as base, type Profile } from './demo-profile-types';
import { DAY_NAMES, WEEKDAYS, daytime, officeHours, session, weeklyEvening } from './demo-schedules';

/** Profiles for the wider recovery system of care: families, housing, work, health, justice, community. */

const familyCarerSupport: Profile = (r, { place, variant }) => {
  if (variant === 'womens_abuse_recovery_group') {
    return {
      ...base,
      name: "Women's Domestic Abuse & Recovery Group",
      description: 'Closed group for women affected by domestic abuse and substance use. Referral and venue on contact only.',
      tags: ['domestic-abuse', 'women-only', 'closed-group'],
      whoFor: ['women', 'families_carers'],
      schedule: [session(2, '13:00', 120)],
      selfReferral: true,
      professionalReferral: true,
      cost: 'free',
      commissioning: 'independent',
      participationLevel: 'partnership',
      organisationKey: 'kestrel_refuge',
    };
  }
  const kind = r.weighted([['al-anon', 4], ['families', 4], ['kinship', 2], ['bereaved', 1], ['young-carers', 2]] as const);
  const named = {
    'al-anon': ['Al-Anon', 'For anyone affected by someone else’s drinking.', ['al-anon', 'mutual-aid']],
    families: ['Families in Recovery Group', 'Peer support for family members of people using alcohol or drugs.', ['families']],
    kinship: ["Kinship Carers' Drop-in", 'For grandparents and relatives raising children because of a parent’s substance use.', ['kinship-care']],
    bereaved: ['Bereaved by Addiction Group', 'Support for people bereaved through alcohol or drug use.', ['bereavement']],
    'young-carers': ['Young Carers Space', 'For young people affected by a parent’s drinking or drug use.', ['young-carers']],
  } as const;
  const [label, what, tags] = named[kind];
  const schedule = kind === 'young-carers' ? [session(r.pick([2, 4]), '16:30', 90)] : weeklyEvening(r, [1, 2, 3, 4]);
  return {
    ...base,
    name: kind === 'al-anon' ? `Al-Anon – ${place} ${DAY_NAMES[schedule[0].day]}` : `${label} – ${place}`,
    description: what,
    tags: [...tags],
    whoFor: kind === 'young-carers' ? ['families_carers', 'young_adults'] : ['families_carers'],
    schedule,
    selfReferral: true,
    professionalReferral: kind !== 'al-anon',
    cost: 'free',
    peerLed: kind === 'al-anon' || kind === 'families',
    commissioning: kind === 'young-carers' ? 'local_authority' : 'independent',
    participationLevel: kind === 'al-anon' ? 'independent_leadership' : r.pick(['partnership', 'participation'] as const),
    organisationKey: kind === 'families' ? 'lanternlight' : null,
  };
};

const housing: Profile = (r, { place, variant }) => {
  const common = { ...base, schedule: [], cost: 'free' as const, selfReferral: false, professionalReferral: true };
  if (variant === 'refuge') {
    return {
      ...common,
      name: `Refuge ${r.int(1, 9)}${r.pick(['A', 'B', 'C'])} – Calderdale`,
      description: 'Refuge accommodation for women and children escaping domestic abuse. Address never shared; contact the helpline.',
      tags: ['refuge', 'domestic-abuse'],
      whoFor: ['women'],
      scheduleNotes: 'Staffed 24 hours. Referral through the helpline.',
      selfReferral: true,
      commissioning: 'local_authority',
      participationLevel: 'consultation',
      organisationKey: 'kestrel_refuge',
    };
  }
  const kind = variant === 'confidential_recovery_house' ? 'recovery' : r.weighted([['recovery', 2], ['supported', 3], ['options', 2], ['tenancy', 2], ['shelter', 1]] as const);
  const profiles = {
    recovery: [`${place} Recovery House`, 'Abstinence-based shared house with peer support and house meetings.', ['recovery-housing', 'abstinence']],
    supported: [`Supported Housing Scheme – ${place}`, 'Self-contained flats with on-site support workers.', ['supported-housing']],
    options: [`Housing Options Drop-in – ${place}`, 'Advice on homelessness, rough sleeping and finding somewhere to live.', ['housing-advice', 'drop-in']],
    tenancy: [`Tenancy Sustainment Service – ${place}`, 'Help to keep a tenancy: bills, repairs, neighbours, benefits.', ['tenancy-support']],
    shelter: ['Winter Night Shelter – Halifax', 'Beds and an evening meal from November to March.', ['night-shelter', 'seasonal']],
  } as const;
  const [name, what, tags] = profiles[kind];
  return {
    ...common,
    name,
    description: what,
    tags: [...tags],
    whoFor: kind === 'shelter' || kind === 'options' ? ['homeless_inclusion_health'] : r.chance(0.2) ? ['men'] : [],
    schedule: kind === 'options' ? daytime(r, WEEKDAYS, 2, ['10:00'], [180]) : kind === 'shelter' ? [0, 1, 2, 3, 4, 5, 6].map((d) => session(d, '20:00', 239)) : [],
    scheduleNotes: kind === 'recovery' ? 'Referral through your key worker; visits by appointment.' : kind === 'shelter' ? 'November to March only.' : null,
    selfReferral: kind === 'options' || kind === 'shelter',
    peerLed: kind === 'recovery' && r.chance(0.5),
    commissioning: kind === 'recovery' ? r.pick(['local_authority', 'independent'] as const) : 'local_authority',
    participationLevel: kind === 'recovery' ? 'delegated_leadership' : r.pick(['consultation', 'information'] as const),
    organisationKey: 'brambleworth_housing',
  };
};

const ETE = [
  ['Recovery into Work', 'CVs, interviews and job search with a recovery-aware employment adviser.', ['employment']],
  ['IPS Employment Support', 'Individual Placement and Support for people in treatment: paid work first.', ['employment', 'ips']],
  ['Digital Skills Drop-in', 'Get online: email, Universal Credit journal, video calls.', ['digital-skills']],
  ['Volunteering Taster Course', 'Six weeks to try volunteering, with a certificate at the end.', ['volunteering']],
  ['Woodwork Skills Workshop', 'Practical carpentry skills in a friendly workshop.', ['skills', 'practical']],
  ['Maths & English for Adults', 'Free functional skills courses at your own pace.', ['education']],
] as const;

const educationTrainingEmployment: Profile = (r, { place }) => {
  const [label, what, tags] = r.pick(ETE);
  return {
    ...base,
    name: `${label} – ${place}`,
    description: what,
    tags: [...tags],
    whoFor: r.chance(0.2) ? ['young_adults'] : [],
    schedule: daytime(r, WEEKDAYS, r.int(1, 2), ['09:30', '10:00', '13:30'], [120, 180]),
    selfReferral: true,
    professionalReferral: true,
    cost: 'free',
    peerLed: label.startsWith('Volunteering') && r.chance(0.5),
    commissioning: label.startsWith('IPS') ? 'local_authority' : r.pick(['local_authority', 'independent'] as const),
    participationLevel: r.pick(['participation', 'consultation', 'information'] as const),
    organisationKey: label.startsWith('Volunteering') ? 'millstone' : label.startsWith('Woodwork') ? 'common_loom' : null,
  };
};

const HEALTH = [
  ['Hepatitis C Testing Clinic', 'Dry blood spot testing and fast-tracked treatment for hepatitis C.', ['bbv-testing', 'hepatitis-c']],
  ['Wellbeing Hub', 'Drop-in mental health and wellbeing support, no appointment needed.', ['mental-health', 'drop-in']],
  ['Talking Therapies Drop-in', 'Find out about counselling and CBT; self-referral welcome.', ['mental-health', 'therapy']],
  ['Inclusion Health GP Clinic', 'GP appointments for people without a fixed address.', ['gp', 'inclusion-health']],
  ['Dual Diagnosis Clinic', 'Joint mental health and substance use assessment.', ['mental-health', 'dual-diagnosis']],
  ['Sexual Health Clinic', 'Testing, contraception and PrEP.', ['sexual-health']],
  ['Liver Health Check', 'Fibroscan liver checks for people who drink heavily.', ['alcohol', 'liver']],
] as const;

const health: Profile = (r, { place }) => {
  const [label, what, tags] = r.pick(HEALTH);
  return {
    ...base,
    name: `${label} – ${place}`,
    description: what,
    tags: [...tags],
    whoFor: label.startsWith('Inclusion') ? ['homeless_inclusion_health'] : [],
    schedule: daytime(r, WEEKDAYS, r.int(1, 3), ['09:30', '13:30'], [180]),
    selfReferral: r.chance(0.7),
    professionalReferral: true,
    cost: 'free',
    commissioning: r.weighted([['local_authority', 3], ['independent', 1]] as const),
    participationLevel: r.pick(['consultation', 'information', 'directive_support'] as const),
    organisationKey: label.startsWith('Hepatitis') || label.startsWith('Liver') ? 'stonechat' : null,
  };
};

const JUSTICE = [
  ['Probation Substance Use Clinic', 'Drug and alcohol workers at the probation office for people on orders.'],
  ['Liaison & Diversion Service', 'Support from police custody and court into treatment.'],
  ['Meet-at-the-Gate Peer Support', 'Peers meet people leaving prison and go with them to first appointments.'],
  ['Drug Rehabilitation Requirement Clinic', 'Testing and key work for people on a court-ordered requirement.'],
  ["Women's Justice Drop-in", 'Women in contact with the justice system: advice, support and a safe space.'],
] as const;

const criminalJustice: Profile = (r, { place }) => {
  const [label, what] = r.pick(JUSTICE);
  const peer = label.startsWith('Meet');
  return {
    ...base,
    name: `${label} – ${place}`,
    description: what,
    tags: ['criminal-justice'],
    whoFor: label.startsWith("Women's") ? ['criminal_justice', 'women'] : ['criminal_justice'],
    schedule: peer ? [] : label.startsWith('Liaison') ? officeHours(r, '08:00', '18:00') : daytime(r, WEEKDAYS, r.int(1, 3), ['09:00', '13:00'], [210]),
    scheduleNotes: peer ? 'By arrangement on release day.' : null,
    selfReferral: label.startsWith("Women's"),
    professionalReferral: true,
    cost: 'free',
    peerLed: peer,
    commissioning: 'local_authority',
    participationLevel: peer ? 'delegated_leadership' : r.pick(['directive_support', 'information', 'consultation'] as const),
    organisationKey: peer ? 'packhorse' : 'fernside_justice',
  };
};

/** [name, day, start, minutes, tags]: each activity has its own natural slot in the week. */
const ACTIVITIES = [
  ['Recovery Walking Group', 6, '10:00', 120, ['walking', 'outdoors']],
  ['Sober Football', 3, '18:00', 90, ['football', 'sport']],
  ['Recovery Choir', 2, '19:00', 90, ['music', 'singing']],
  ['Art in Recovery', 4, '13:00', 120, ['art', 'creative']],
  ['Allotment Project', 0, '10:00', 180, ['gardening', 'outdoors']],
  ['Recovery Running Club', 1, '18:30', 60, ['running', 'sport']],
  ['Board Games Night', 5, '18:30', 150, ['games', 'social']],
  ['Fishing Group', 6, '08:00', 240, ['fishing', 'outdoors']],
  ['Boxing Fitness', 2, '17:30', 60, ['boxing', 'sport']],
  ['Photography Walk', 0, '11:00', 120, ['photography', 'creative']],
  ['Yoga for Recovery', 4, '18:00', 75, ['yoga', 'wellbeing']],
] as const;

const socialLeisureArts: Profile = (r, { place }) => {
  const [label, day, start, minutes, tags] = r.pick(ACTIVITIES);
  const runner = r.weighted([['common_loom', 3], ['packhorse', 2], ['emberwick', 2], [null, 2]] as const);
  const peerRun = runner === 'packhorse' || runner === 'emberwick';
  return {
    ...base,
    name: `${label} – ${place}`,
    description: `${label} for people in recovery and anyone who wants to join in.`,
    tags: [...tags],
    whoFor: r.chance(0.15) ? [r.pick(['women', 'men', 'lgbtq', 'older_people'] as const)] : [],
    schedule: [session(day, start, minutes)],
    selfReferral: true,
    professionalReferral: false,
    cost: r.weighted([['free', 5], ['low_cost', 2], ['varies', 1]] as const),
    peerLed: peerRun || r.chance(0.3),
    commissioning: 'independent',
    participationLevel: peerRun ? 'independent_leadership' : r.pick(['partnership', 'participation'] as const),
    organisationKey: runner,
  };
};

const FAITH = [
  ['Faith & Recovery Fellowship', ['faith_based'] as const],
  ['Community Meal', [] as const],
  ['Quiet Time Meditation', [] as const],
  ['Mosque Community Support Circle', ['faith_based', 'ethnic_minority_led'] as const],
  ['Gurdwara Langar & Support', ['faith_based', 'ethnic_minority_led'] as const],
] as const;

const faithCommunity: Profile = (r, { place }) => {
  const [label, whoFor] = r.pick(FAITH);
  return {
    ...base,
    name: `${label} – ${place}`,
    description: label === 'Community Meal' ? 'A free hot meal and company; everyone welcome, no questions asked.' : 'Support rooted in a faith community; people of any faith or none welcome.',
    tags: label === 'Community Meal' ? ['food', 'community'] : ['faith', 'community'],
    whoFor: [...whoFor],
    schedule: r.chance(0.5) ? [session(0, '15:00', 90)] : weeklyEvening(r, [2, 3, 4]),
    selfReferral: true,
    professionalReferral: false,
    cost: 'free',
    peerLed: r.chance(0.4),
    commissioning: 'independent',
    participationLevel: r.pick(['partnership', 'participation', 'delegated_leadership'] as const),
    organisationKey: 'hillside_faith',
  };
};

const ADVICE = [
  ['Benefits Advice Drop-in', ['benefits']],
  ['Debt Advice Clinic', ['debt']],
  ['Legal Advice Surgery', ['legal']],
  ['Welfare Rights Appointments', ['benefits', 'appeals']],
] as const;

const advice: Profile = (r, { place }) => {
  const [label, tags] = r.pick(ADVICE);
  return {
    ...base,
    name: `${label} – ${place}`,
    description: `${label.replace(/ (Drop-in|Clinic|Surgery|Appointments)$/, '')}: free, confidential and independent.`,
    tags: ['advice', ...tags],
    schedule: daytime(r, WEEKDAYS, r.int(1, 2), ['09:30', '10:00', '13:00'], [180]),
    selfReferral: true,
    professionalReferral: true,
    cost: 'free',
    commissioning: r.pick(['local_authority', 'independent'] as const),
    participationLevel: r.pick(['information', 'consultation'] as const),
    organisationKey: 'spindle_advice',
  };
};

const OTHER = [
  ['Clothing Bank', ['clothes']],
  ['Free Haircuts Drop-in', ['haircuts', 'wellbeing']],
  ['Phone & Digital Access Point', ['digital-access']],
  ['Recovery Library Corner', ['books']],
  ['Pet Support for People in Recovery', ['pets']],
] as const;

const other: Profile = (r, { place }) => {
  const [label, tags] = r.pick(OTHER);
  return {
    ...base,
    name: `${label} – ${place}`,
    description: `${label}, open to anyone in recovery.`,
    tags: [...tags],
    schedule: daytime(r, [1, 2, 3, 4, 5, 6], 1, ['10:00', '12:00'], [120]),
    selfReferral: true,
    cost: 'free',
    peerLed: r.chance(0.5),
    commissioning: 'independent',
    participationLevel: r.pick(['participation', 'partnership'] as const),
    organisationKey: r.pick(['common_loom', null] as const),
  };
};

export const moreProfiles: Omit<Record<AssetCategory, Profile>, 'mutual_aid' | 'treatment' | 'harm_reduction' | 'lero_peer_support' | 'recovery_community'> = {
  family_carer_support: familyCarerSupport,
  housing,
  education_training_employment: educationTrainingEmployment,
  health,
  criminal_justice: criminalJustice,
  social_leisure_arts: socialLeisureArts,
  faith_community: faithCommunity,
  advice,
  other,
};
