/** The review's JSON, as the client reads it (server/participation/service.ts). */
import type { Profile } from '../../../server/participation/profile';
import type { Term } from '../shared/types';

export type Round = { id: string; title: string; reviewDate: string; perspectives: string[]; createdAt: string; serviceCount?: number; entryCount?: number };
export type RoundService = { id: string; name: string; category: string; status: string };
export type Entry = { id: string; perspective: string; assetId: string | null; level: string; reason: string; example: string | null; onBehalf: boolean; recordedAt: string };
export type RoundDetail = Round & { services: RoundService[]; entries: Entry[] };
export type ProfileAnswer = { round: Round; previousRound: Round | null; services: RoundService[]; profile: Profile };
export type Band = Term & { levels: string[] };
export type ReviewVocabulary = { participationLevels: Term[]; participationBands: Band[]; reviewPerspectives: Term[] };
