import type { Knex } from 'knex';

export type InvitePurpose = 'invite' | 'reset';

export type LiveInvite = { id: string; userId: string; purpose: InvitePurpose; email: string; active: boolean };

/** A new link; older unused links of the account are deleted first, so only the newest works. */
export async function replaceInvite(
  trx: Knex.Transaction,
  invite: { userId: string; tokenHash: string; purpose: InvitePurpose; createdBy: string | null; expiresAt: Date },
): Promise<void> {
  await trx('account_invite').where({ user_id: invite.userId }).whereNull('used_at').delete();
  await trx('account_invite').insert({
    user_id: invite.userId,
    token_hash: invite.tokenHash,
    purpose: invite.purpose,
    created_by: invite.createdBy,
    expires_at: invite.expiresAt,
  });
}

/** The unused, unexpired link with this token hash, locked for the spending transaction. */
export const findLiveInviteForUpdate = (trx: Knex.Transaction, tokenHash: string): Promise<LiveInvite | undefined> =>
  trx('account_invite as i')
    .join('app_user as u', 'u.id', 'i.user_id')
    .select('i.id', 'i.user_id as userId', 'i.purpose', 'u.email', 'u.active')
    .where('i.token_hash', tokenHash)
    .whereNull('i.used_at')
    .andWhere('i.expires_at', '>', trx.fn.now())
    .forUpdate('i')
    .first();

export const markInviteUsed = (trx: Knex.Transaction, id: string) =>
  trx('account_invite').update({ used_at: trx.fn.now() }).where({ id });

/** Accounts with an unused, unexpired link, and when it lapses. */
export async function pendingLinks(knex: Knex): Promise<Map<string, { purpose: InvitePurpose; expiresAt: Date }>> {
  const rows: { userId: string; purpose: InvitePurpose; expiresAt: Date }[] = await knex('account_invite')
    .select('user_id as userId', 'purpose', 'expires_at as expiresAt')
    .whereNull('used_at')
    .andWhere('expires_at', '>', knex.fn.now());
  return new Map(rows.map((r) => [r.userId, { purpose: r.purpose, expiresAt: r.expiresAt }]));
}
