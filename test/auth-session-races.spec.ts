import request, { type Response, type Test } from 'supertest';
import { DataSource, IsNull } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { AuthService } from '../src/auth/auth.service.js';
import { TransactionRunner } from '../src/common/persistence/transaction-runner.service.js';
import { ApiKey } from '../src/users/entities/api-key.entity.js';
import { RefreshToken } from '../src/users/entities/refresh-token.entity.js';
import { User } from '../src/users/entities/user.entity.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { onMariaDb, onPostgres, onServerDatabase, startTestApp, type TestApp } from './support/test-app.js';
import { openTransaction as openRollingBack } from './support/interleave.js';

/**
 * Sessions that end must stay ended whatever runs beside the change: a sign-in, refresh or logout
 * racing a password change, a reset or a deactivation, and (SQLite) another use case's transaction
 * open on the one shared connection. Each race is a fixed interleaving, without timing: a hook in
 * the password check (argon2's `verify`) or in the issuing transaction (the access token is signed
 * after the new refresh token's insert, before the commit) runs the other request there.
 */

const hooks = vi.hoisted(() => ({ afterVerify: undefined as undefined | (() => Promise<unknown>) }));

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...actual,
    /** The real check, then (once) the test's hook: the window between the account read and the token's insert. */
    verify: async (...args: Parameters<typeof actual.verify>) => {
      const ok = await actual.verify(...args);
      const hook = hooks.afterVerify;
      hooks.afterVerify = undefined;
      if (hook) await hook();
      return ok;
    },
  };
});

const PASSWORD = 'correct-horse-battery';
const NEW_PASSWORD = 'a-much-better-passphrase';

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

describe('sessions stay ended under concurrency', () => {
  let t: TestApp;
  let admin: TestUser;
  const api = () => request(t.server);
  const login = (email: string, password = PASSWORD) => api().post('/api/v1/auth/login').send({ email, password });
  const refresh = (refreshToken: string) => api().post('/api/v1/auth/refresh').send({ refreshToken });
  const logout = (pair: TokenPair) => api().post('/api/v1/auth/logout').set('Authorization', `Bearer ${pair.accessToken}`).send({ refreshToken: pair.refreshToken });
  const changePassword = (accessToken: string, currentPassword = PASSWORD, newPassword = NEW_PASSWORD) =>
    api().post('/api/v1/auth/password').set('Authorization', `Bearer ${accessToken}`).send({ currentPassword, newPassword });
  const patchUser = (id: string, body: object) => api().patch(`/api/v1/users/${id}`).set('Authorization', admin.auth).send(body);
  const liveTokens = (userId: string) => t.app.get(DataSource).getRepository(RefreshToken).countBy({ userId, revokedAt: IsNull() });
  /** Sends `req` now (supertest sends on `then`). */
  const send = (req: Test): Promise<Response> => Promise.resolve(req);

  /**
   * Resolves once `other` waits on a lock the request under test holds (PostgreSQL, MariaDB: a lock
   * wait in this database; SQLite: a transaction queued behind it), or has answered without waiting.
   */
  function waiting(other: Promise<Response>): Promise<unknown> {
    const runner = t.app.get(TransactionRunner);
    const run = runner.run.bind(runner);
    let queued = false;
    const spy = vi.spyOn(runner, 'run').mockImplementation((work) => {
      queued = true;
      return run(work);
    });
    onTestFinished(() => spy.mockRestore());
    const db = t.app.get(DataSource);
    const lockWaits = async (): Promise<number> => {
      if (onPostgres) return Number((await db.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`))[0].n);
      if (onMariaDb) {
        // Not information_schema.INNODB_TRX: InnoDB refreshes it at most every 100 ms, and a poll this fast would never see a change.
        const [{ Status: status }] = (await db.query('SHOW ENGINE INNODB STATUS')) as { Status: string }[];
        const waitingThreads = status
          .split('---TRANSACTION')
          .filter((trx) => trx.includes('LOCK WAIT'))
          .map((trx) => /thread id (\d+)/.exec(trx)?.[1]);
        const ours = ((await db.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = DATABASE()')) as { id: number | string }[]).map((row) => String(row.id));
        return waitingThreads.filter((id) => id !== undefined && ours.includes(id)).length;
      }
      // SQLite: let the other request's earlier steps run, then look at the queue.
      await new Promise((resolve) => setImmediate(resolve));
      return queued ? 1 : 0;
    };
    const blocked = (async () => {
      while ((await lockWaits()) === 0) {
        /* poll until the wait shows */
      }
    })();
    return Promise.race([blocked, other]);
  }

  /**
   * Runs `other` inside the next refresh-token issue (after the new token's insert, before its
   * commit) and lets that issue commit once `other` waits for it. @returns `other`'s answer
   */
  function duringNextIssue(other: () => Test): () => Promise<Response> {
    const auth = t.app.get(AuthService);
    const sign = auth.accessToken.bind(auth);
    let answer: Promise<Response> | undefined;
    const spy = vi.spyOn(auth, 'accessToken').mockImplementationOnce(async (user) => {
      answer = send(other());
      await waiting(answer);
      return sign(user);
    });
    onTestFinished(() => spy.mockRestore());
    return () => {
      expect(answer, 'the other request ran inside the issue').toBeDefined();
      return answer as Promise<Response>;
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.factory.user('admin');
  });
  afterAll(() => t.close());

  describe('a change committed while a sign-in checks the password', () => {
    it.each([
      ["an admin's password reset", (user: TestUser) => patchUser(user.user.id, { password: NEW_PASSWORD }), 0],
      ['a deactivation', (user: TestUser) => patchUser(user.user.id, { isActive: false }), 0],
      ["the user's own password change (another session)", (user: TestUser) => changePassword(user.token), 1],
    ] as const)('%s: the sign-in is refused (401 AUTH_INVALID_CREDENTIALS) and leaves no live refresh token', async (_, change, expectedLive) => {
      const user = await t.factory.user('central_ops');
      let changed: Response | undefined;
      hooks.afterVerify = async () => {
        changed = await change(user);
      };
      const res = await login(user.user.email);
      expect(changed?.status).toBe(200);
      expectProblem(res, 401, 'AUTH_INVALID_CREDENTIALS');
      // Only the token the password change answered (if any) is alive.
      expect(await liveTokens(user.user.id)).toBe(expectedLive);
    });

    it("a password change checked against the old password does not overwrite an admin's reset made meanwhile: 403 AUTH_CURRENT_PASSWORD_WRONG", async () => {
      const ops = await t.factory.user('central_ops');
      const RESET = 'the-admins-reset-password';
      hooks.afterVerify = async () => {
        await patchUser(ops.user.id, { password: RESET }).expect(200);
      };
      expectProblem(await changePassword(ops.token), 403, 'AUTH_CURRENT_PASSWORD_WRONG');
      await login(ops.user.email, RESET).expect(200);
      expectProblem(await login(ops.user.email, NEW_PASSWORD), 401, 'AUTH_INVALID_CREDENTIALS');
    });
  });

  describe('a change that starts while a token is being issued waits for it, and revokes the new token too', () => {
    it('refresh vs the same user changing the password in another session', async () => {
      const ops = await t.factory.user('central_ops');
      const laptop: TokenPair = (await login(ops.user.email).expect(200)).body;
      const phone: TokenPair = (await login(ops.user.email).expect(200)).body;
      const changed = duringNextIssue(() => changePassword(phone.accessToken));
      const rotated: TokenPair = (await refresh(laptop.refreshToken).expect(200)).body;
      const fresh: TokenPair = (await changed()).body;
      expect((await changed()).status).toBe(200);
      expectProblem(await refresh(rotated.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      await refresh(fresh.refreshToken).expect(200);
    });

    it('sign-in vs the same user changing the password in another session', async () => {
      const ops = await t.factory.user('central_ops');
      const phone: TokenPair = (await login(ops.user.email).expect(200)).body;
      const changed = duringNextIssue(() => changePassword(phone.accessToken));
      const signedIn: TokenPair = (await login(ops.user.email).expect(200)).body;
      expect((await changed()).status).toBe(200);
      expectProblem(await refresh(signedIn.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      expect(await liveTokens(ops.user.id)).toBe(1);
    });

    it('logout vs a refresh of the same login: the token the refresh issued is revoked too', async () => {
      const ops = await t.factory.user('central_ops');
      const pair: TokenPair = (await login(ops.user.email).expect(200)).body;
      const loggedOut = duringNextIssue(() => logout(pair));
      const rotated: TokenPair = (await refresh(pair.refreshToken).expect(200)).body;
      expect((await loggedOut()).status).toBe(204);
      expectProblem(await refresh(rotated.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      expect(await liveTokens(ops.user.id)).toBe(0);
    });
  });

  // SQLite has one connection: a statement sent outside TransactionRunner's queue joins whatever transaction is open on it.
  // Registered on SQLite only (nothing to skip elsewhere: a server database gives each transaction its own connection).
  if (!onServerDatabase) describe("SQLite: another use case's transaction open on the shared connection", () => {
    /** Another use case's transaction that renames the user, held open until it rolls back. */
    const openTransaction = (userId: string, run: TransactionRunner['run']) =>
      openRollingBack(t.app, (em) => em.getRepository(User).update({ id: userId }, { fullName: 'Never Committed' }), run);

    it('a sign-in keeps its refresh token when a transaction open during its password check rolls back', async () => {
      const ops = await t.factory.user('central_ops');
      const runner = t.app.get(TransactionRunner);
      const run = runner.run.bind(runner);
      let calls = 0;
      let other: ReturnType<typeof openTransaction> | undefined;
      const spy = vi.spyOn(runner, 'run').mockImplementation(async (work) => {
        calls += 1;
        // The sign-in's throttle bookkeeping runs two transactions before its password check; the
        // other use case's transaction opens right after the second and stays open through the check.
        if (calls === 2) {
          const charged = run(work);
          other = openTransaction(ops.user.id, run);
          const result = await charged;
          await other.opened;
          return result;
        }
        // The sign-in's next transaction (its token, or the bookkeeping after its answer): the other one rolls back.
        if (calls === 3) other?.rollBack();
        return run(work);
      });
      onTestFinished(() => spy.mockRestore());
      const pair: TokenPair = (await login(ops.user.email).expect(200)).body;
      await other?.ended;
      spy.mockRestore();
      expect(other).toBeDefined();
      expect((await t.app.get(DataSource).getRepository(User).findOneByOrFail({ id: ops.user.id })).fullName).not.toBe('Never Committed');
      await refresh(pair.refreshToken).expect(200);
    });

    it("an API key's use is recorded though a transaction open meanwhile rolls back", async () => {
      const oem = await t.factory.user('oem');
      const key = await t.factory.apiKey(oem);
      const runner = t.app.get(TransactionRunner);
      const run = runner.run.bind(runner);
      const other = openTransaction(oem.user.id, run);
      await other.opened;
      const spy = vi.spyOn(runner, 'run').mockImplementation((work) => {
        other.rollBack();
        return run(work);
      });
      onTestFinished(() => spy.mockRestore());
      const answer = send(request(t.server).get('/api/v1/auth/me').set('X-API-Key', key)).finally(() => other.rollBack());
      expect((await answer).status).toBe(200);
      await other.ended;
      spy.mockRestore();
      const [stored] = await t.app.get(DataSource).getRepository(ApiKey).find({ where: { oemId: oem.user.id } });
      expect(stored.lastUsedAt).not.toBeNull();
    });

    it("a logout's revocation is not undone when a transaction open meanwhile rolls back", async () => {
      const ops = await t.factory.user('central_ops');
      const pair: TokenPair = (await login(ops.user.email).expect(200)).body;
      const runner = t.app.get(TransactionRunner);
      const other = openTransaction(ops.user.id, runner.run.bind(runner));
      await other.opened;
      const run = runner.run.bind(runner);
      // The other transaction rolls back once the logout queues one, or has answered without.
      const spy = vi.spyOn(runner, 'run').mockImplementation((work) => {
        other.rollBack();
        return run(work);
      });
      onTestFinished(() => spy.mockRestore());
      const answer = send(logout(pair)).finally(() => other.rollBack());
      expect((await answer).status).toBe(204);
      await other.ended;
      spy.mockRestore();
      expectProblem(await refresh(pair.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
    });
  });
});
