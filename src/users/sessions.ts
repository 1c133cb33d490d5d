import { type EntityManager, IsNull, type QueryDeepPartialEntity } from 'typeorm';
import { User } from './entities/user.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';

/**
 * Ends every session of an account, inside the caller's transaction (issue 11 item 4): adds one to
 * its `tokenVersion` (so each access token issued before, whose `ver` claim is now older, is
 * refused by the auth guard) and revokes its refresh tokens. `changes` (a new password hash,
 * `isActive`, …) are written by the same UPDATE. The version is added by the database
 * (`token_version + 1`), so concurrent changes each count.
 *
 * The account's row is written *before* the tokens are revoked, and the order matters: that UPDATE
 * takes the row's lock, which every sign-in, refresh and logout holds while it inserts or revokes
 * tokens (AuthService locks the account first), so the revoking statement runs after any of them
 * that held it has committed, and reaches the token it issued; one that comes after finds the new
 * version (or the token revoked) and refuses.
 *
 * After the commit the caller must call `CredentialCache.forgetAccount(userId)`: this replica then
 * refuses the old tokens at once, the others within `AUTH_CACHE_TTL_MS`.
 * @returns the account's new token version, for tokens issued in the same transaction
 */
export async function endSessions(em: EntityManager, userId: string, changes: QueryDeepPartialEntity<User> = {}): Promise<number> {
  const users = em.getRepository(User);
  // First: the row lock (see above). Revoking first would miss a token a locked sign-in commits meanwhile.
  await users.update({ id: userId }, { ...changes, tokenVersion: () => 'token_version + 1' });
  await em.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  const { tokenVersion } = await users.findOneOrFail({ where: { id: userId }, select: { id: true, tokenVersion: true } });
  return tokenVersion;
}
