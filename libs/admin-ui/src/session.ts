/**
 * The signed-in session: tokens from `POST /auth/login`, the account from `GET /auth/me`, and the
 * typed API client that sends the access token. The refresh token is rotated in the background
 * (`POST /auth/refresh`, one use each, DESIGN §6) shortly before the access token expires, so a
 * console left open keeps working; a failed refresh signs out. Kept in sessionStorage: one tab,
 * gone when it closes.
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
}

/** A role as the API names it (DESIGN §1). */
export type Role = Schemas['Role'];

const STORAGE_KEY = 'chargeops.session';
/** Refresh this long before the access token expires, so a request in flight never carries a stale one. */
const REFRESH_MARGIN_MS = 30_000;

let current: Session | null = readStored();
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

/** Sign-in and refresh: no bearer token, and never waits for a refresh (it is one). */
const authApi: ApiClient = createApiClient({ baseUrl: window.location.origin });

/**
 * The typed client over the committed spec; the console talks to nothing else. A request made
 * when the access token is due (a tab asleep past its refresh timer) waits for the refresh first.
 */
export const api: ApiClient = createApiClient({
  baseUrl: window.location.origin,
  accessToken: async () => {
    if (current && Date.now() >= current.expiresAt - REFRESH_MARGIN_MS) await refresh();
    return current?.accessToken;
  },
});

function readStored(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function publish(next: Session | null): void {
  current = next;
  if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(STORAGE_KEY);
  scheduleRefresh();
  for (const listener of listeners) listener();
}

function scheduleRefresh(): void {
  clearTimeout(refreshTimer);
  if (!current) return;
  const delay = Math.max(0, current.expiresAt - Date.now() - REFRESH_MARGIN_MS);
  refreshTimer = setTimeout(() => void refresh(), delay);
}

function withTokens(tokens: TokenPair, user: Session['user']): Session {
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000, user };
}

let refreshing: Promise<void> | null = null;

/**
 * Rotates the refresh token; signs out when the server refuses it (expired, reused, revoked).
 * Callers at the same time share one rotation: a refresh token works once.
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
  const { data } = await authApi.POST('/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } }).catch(() => ({ data: undefined }));
  if (current !== session) return;
  if (data) publish(withTokens(data, session.user));
  else publish(null);
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
  publish(withTokens(tokens, me.data));
  return null;
}

/** Signs out: revokes the refresh token (`POST /auth/logout`) and forgets the session either way. */
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

scheduleRefresh();
