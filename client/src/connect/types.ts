/** The finder's answer as the client reads it: the server's own shape (type-only import). */
import type { findNearby, FinderResult } from '../../../server/connect/service';

type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

export type FinderItem = Json<FinderResult>;
export type FinderAnswer = Json<Awaited<ReturnType<typeof findNearby>>>;
