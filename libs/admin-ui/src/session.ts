/**
 * The signed-in session: tokens from `POST /auth/login`, the account from `GET /auth/me`, and the
 * typed API client that sends the access token. The refresh token is rotated in the background
 * (`POST /auth/refresh`, one use each, DESIGN §6) shortly before the access token expires, so a
 * console left open keeps working.
 *
 * The session lives in the tab (sessionStorage: gone when the tab closes). A duplicated tab starts
 * with a copy of it, and the API treats a second use of a refresh token as theft and revokes the
 * whole login (or, within a few minutes and while the new token is unused, as a lost answer: the
 * new pair is then revoked for a fresh one), so the tabs of one sign-in (`login`) share their rotations: one refresh at a time
 * across them (Web Locks), and the newest tokens in localStorage under the login's key, which
 * every tab reads before it rotates and adopts when another tab writes them. That key goes at
 * sign-out, and is swept once no tab of its login is left. Only a 401 from `/auth/refresh` ends
 * the session; a network error or a 5xx keeps it and tries again shortly. When the session ends
 * other than by "Sign out" here (refused refresh, signed out in another tab), the listeners of
 * {@link onSessionEnded} are told (the layout sends to sign-in and back).
 */
import { createApiClient, type ApiClient, type Schemas, type TokenPair } from '@chargeops/api-client';
import { useSyncExternalStore } from 'react';

/** What the console knows about the signed-in account. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, epoch milliseconds. */
  expiresAt: number;
  user: Schemas['UserResponseDto'];
  /** One sign-in, shared by the tabs duplicated from it: names its lock and its shared tokens. */
  login: string;
}

/** A role as the API names it (DESIGN §1). */
export type Role = Schemas['Role'];

const STORAGE_KEY = 'chargeops.session';
/** localStorage: `<prefix><login>` holds the newest session of that sign-in, for its other tabs. */
const SHARED_PREFIX = 'chargeops.login.';
/** Refresh this long before the access token expires, so a request in flight never carries a stale one. */
const REFRESH_MARGIN_MS = 30_000;
/** After a refresh that failed without an answer (offline, 5xx, throttled): try again this much later. */
const RETRY_MS = 15_000;
/** How long a tab that waited for another tab's refresh waits for its tokens to show in storage. */
const HANDOVER_MS = 2_000;

let current: Session | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();
const endedListeners = new Set<() => void>();

/** Sign-in and refresh: no bearer token, and never waits for a refresh (it is one). */
const authApi: ApiClient = createApiClient({ baseUrl: window.location.origin });

/**
 * The typed client over the committed spec; the console talks to nothing else. A request made
 * when the access token is due (a tab asleep past its refresh timer) waits for the refresh first.
 */
export const api: ApiClient = createApiClient({
  baseUrl: window.location.origin,
  accessToken: async () => {
    if (current && due(current)) await refresh();
    return current?.accessToken;
  },
});

const due = (session: Session) => Date.now() >= session.expiresAt - REFRESH_MARGIN_MS;
/** `candidate` holds later tokens than `session` (each rotation sets a later expiry). */
const newer = (candidate: Session | null, session: Session): candidate is Session =>
  candidate !== null && candidate.refreshToken !== session.refreshToken && candidate.expiresAt >= session.expiresAt;

function newLoginId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function parseSession(raw: string | null): Session | null {
  if (!raw) return null;
  try {
    const session = JSON.parse(raw) as Session;
    return typeof session.refreshToken === 'string' ? session : null;
  } catch {
    return null;
  }
}

function readStored(): Session | null {
  let session: Session | null;
  try {
    session = parseSession(sessionStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
  // A session kept before logins were named: this tab's own from now on.
  return session && !session.login ? { ...session, login: newLoginId() } : session;
}

const sharedKey = (login: string) => SHARED_PREFIX + login;

/** The newest session of `login` as any of its tabs stored it, or null (none, or no localStorage). */
function readShared(login: string): Session | null {
  try {
    return parseSession(localStorage.getItem(sharedKey(login)));
  } catch {
    return null;
  }
}

function writeShared(session: Session): void {
  try {
    localStorage.setItem(sharedKey(session.login), JSON.stringify(session));
  } catch {
    // No localStorage (private mode, quota): this tab still works on its own.
  }
}

function forgetShared(login: string): void {
  try {
    localStorage.removeItem(sharedKey(login));
  } catch {
    // Nothing was shared.
  }
}

/**
 * Makes `next` this tab's session. `share`: also store it for the other tabs of its login (a new
 * sign-in, a rotation made here); a session adopted from them is already there.
 */
function publish(next: Session | null, share = true): void {
  const previous = current;
  current = next;
  if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(STORAGE_KEY);
  if (next && share) writeShared(next);
  if (!next && previous) forgetShared(previous.login);
  if (next?.login !== previous?.login) holdPresence(next?.login);
  scheduleRefresh();
  for (const listener of listeners) listener();
}

/** Ends the session without this tab's "Sign out": the listeners send the user to sign-in. */
function end(): void {
  if (!current) return;
  publish(null);
  for (const listener of endedListeners) listener();
}

function scheduleRefresh(delay?: number): void {
  clearTimeout(refreshTimer);
  if (!current) return;
  refreshTimer = setTimeout(() => void refresh(), delay ?? Math.max(0, current.expiresAt - Date.now() - REFRESH_MARGIN_MS));
}

function withTokens(tokens: TokenPair, user: Session['user'], login: string): Session {
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000, user, login };
}

let refreshing: Promise<void> | null = null;

/**
 * Rotates the refresh token, once across the tabs of this sign-in; signs out only when the server
 * refuses it (401: expired, reused, revoked). Callers at the same time share one rotation.
 */
export function refresh(): Promise<void> {
  refreshing ??= rotate().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function rotate(): Promise<void> {
  const session = current;
  if (!session) return;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return rotateHeld(session, false);
  const name = `chargeops.refresh.${session.login}`;
  // Free: rotate now. Held: another tab of this login is rotating; ours comes after it.
  const done = await locks.request(name, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await rotateHeld(session, false);
    return true;
  });
  if (!done) await locks.request(name, () => rotateHeld(session, true));
}

/**
 * The rotation itself, under the login's lock. `waited`: another tab held the lock just before,
 * so its new tokens are about to show in storage; they are awaited briefly, not raced.
 */
async function rotateHeld(session: Session, waited: boolean): Promise<void> {
  const fresher = (await newerShared(session, waited ? HANDOVER_MS : 0)) ?? session;
  if (current !== session) return;
  if (fresher !== session && !due(fresher)) {
    publish(fresher, false);
    return;
  }
  const result = await authApi.POST('/api/v1/auth/refresh', { body: { refreshToken: fresher.refreshToken } }).catch(() => null);
  if (current !== session) return;
  if (result?.data) publish(withTokens(result.data, fresher.user, fresher.login));
  else if (result?.response.status === 401) end();
  else scheduleRefresh(RETRY_MS);
}

/**
 * The login's shared session when it is newer than `session` (another tab rotated), waiting up to
 * `waitMs` for it to arrive; null when there is none.
 */
function newerShared(session: Session, waitMs: number): Promise<Session | null> {
  const read = () => {
    const shared = readShared(session.login);
    return newer(shared, session) ? shared : null;
  };
  const now = read();
  if (now || waitMs <= 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      window.removeEventListener('storage', onStorage);
      resolve(read());
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === sharedKey(session.login)) finish();
    };
    const timer = setTimeout(finish, waitMs);
    window.addEventListener('storage', onStorage);
  });
}

// Another tab of this sign-in rotated (take its tokens) or signed out (follow it).
window.addEventListener('storage', (event) => {
  if (!current || event.key !== sharedKey(current.login)) return;
  const shared = parseSession(event.newValue);
  if (!shared) end();
  else if (newer(shared, current)) publish(shared, false);
});

let releasePresence: (() => void) | undefined;

/**
 * Holds a shared lock naming `login` while this tab is signed in with it, so a tab opening later
 * can tell which stored logins no tab uses any more (and sweep their tokens).
 */
function holdPresence(login: string | undefined): void {
  releasePresence?.();
  releasePresence = undefined;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!login || !locks) return;
  void locks.request(`chargeops.tab.${login}`, { mode: 'shared' }, () => new Promise<void>((resolve) => (releasePresence = resolve)));
}

/** Removes the shared tokens of logins no open tab holds (their tabs were closed without signing out). */
async function sweepShared(): Promise<void> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return;
  const { held = [] } = await locks.query();
  const used = new Set(held.map((lock) => lock.name));
  try {
    for (let index = localStorage.length - 1; index >= 0; index--) {
      const key = localStorage.key(index);
      const login = key?.startsWith(SHARED_PREFIX) ? key.slice(SHARED_PREFIX.length) : null;
      if (login && login !== current?.login && !used.has(`chargeops.tab.${login}`)) localStorage.removeItem(key!);
    }
  } catch {
    // No localStorage: nothing to sweep.
  }
}

/** Why a sign-in failed: wrong credentials, throttled, or anything else. */
export type SignInFailure = 'credentials' | 'throttled' | 'other';

/**
 * Signs in with `POST /auth/login` then reads the account (`GET /auth/me`).
 * Resolves to null on success, or the kind of failure to show.
 */
export async function signIn(email: string, password: string): Promise<SignInFailure | null> {
  const login = await authApi.POST('/api/v1/auth/login', { body: { email, password } });
  if (!login.data) return login.response.status === 429 ? 'throttled' : login.response.status === 401 ? 'credentials' : 'other';
  const tokens = login.data;
  const me = await authApi.GET('/api/v1/auth/me', { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
  if (!me.data) return 'other';
  publish(withTokens(tokens, me.data, newLoginId()));
  return null;
}

/**
 * Signs out: revokes the refresh token (`POST /auth/logout`, which ends every tab of this sign-in)
 * and forgets the session either way.
 */
export async function signOut(): Promise<void> {
  const session = current;
  if (session) await api.POST('/api/v1/auth/logout', { body: { refreshToken: session.refreshToken } }).catch(() => undefined);
  publish(null);
}

/** The current session, or null when signed out; for code outside React (route guards). */
export function currentSession(): Session | null {
  return current;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current session; re-renders the caller on sign-in, refresh and sign-out. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, () => current);
}

/**
 * Calls `listener` when the session ends other than by {@link signOut} in this tab: the server
 * refused the refresh token, or another tab of the sign-in signed out. Returns the unsubscribe.
 */
export function onSessionEnded(listener: () => void): () => void {
  endedListeners.add(listener);
  return () => {
    endedListeners.delete(listener);
  };
}

const stored = readStored();
if (stored) {
  // This tab's copy may be older than its login's newest (a tab duplicated, then the other rotated).
  const shared = readShared(stored.login);
  if (newer(shared, stored)) publish(shared, false);
  else publish(stored);
}
void sweepShared();
