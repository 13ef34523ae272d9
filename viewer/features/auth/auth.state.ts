import { useEffect, useState, useSyncExternalStore } from 'react';
import type { User } from '../../../core/model/index.js';
import { ApiError } from '../../api/api-client.js';
import { createStore } from '../../state/store.js';

/** The logged-in session: the bearer token and its user, or nobody. */
export interface AuthState {
  token: string | null;
  user: User | null;
  expiresAt: number | null;
}

const SESSION_KEY = 'gridtwin.session';

function restore(): AuthState {
  try {
    const saved = JSON.parse(globalThis.sessionStorage?.getItem(SESSION_KEY) ?? 'null') as AuthState | null;
    if (saved?.token && saved.user && (saved.expiresAt ?? 0) > Date.now()) return saved;
  } catch {
    // A damaged entry is as good as none.
  }
  return { token: null, user: null, expiresAt: null };
}

/** The session store: kept in memory and in sessionStorage (so a reload keeps it, a new tab does not). */
export const authStore = createStore<AuthState>(restore());
authStore.subscribe((s) => {
  if (s.token) globalThis.sessionStorage?.setItem(SESSION_KEY, JSON.stringify(s));
  else globalThis.sessionStorage?.removeItem(SESSION_KEY);
});

/** React hook: the current session. */
export function useAuth(): AuthState {
  return useSyncExternalStore(authStore.subscribe, authStore.get);
}

/**
 * `fetch` of a JSON API path with the session's bearer token; throws {@link ApiError} with the API's code and message
 * on a non-2xx answer (a 401 also ends the local session: the token expired or was revoked).
 */
export async function authJson<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const { token } = authStore.get();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    signal: init.signal,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (response.status === 401 && token && path !== '/api/auth/login')
      authStore.set({ token: null, user: null, expiresAt: null });
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'HTTP',
      body?.error?.message ?? `${path}: HTTP ${response.status}`,
    );
  }
  return (await response.json()) as T;
}

/** Logs in; the session is kept until logout, expiry or a 401. */
export async function login(username: string, password: string): Promise<User> {
  const answer = await authJson<{ token: string; user: User; expiresAt: number }>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
  });
  names.set(answer.user.id, answer.user.displayName);
  authStore.set({ token: answer.token, user: answer.user, expiresAt: answer.expiresAt });
  return answer.user;
}

/** Ends the session on the server (best effort) and locally. */
export async function logout(): Promise<void> {
  if (authStore.get().token) await authJson('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
  authStore.set({ token: null, user: null, expiresAt: null });
}

/** Display names of user ids met in this tab (logins, and the user list for managers). */
const names = new Map<string, string>([['system', 'GridTwin']]);
let listed: string | null = null;

/** The display name of a transition's actor, or the id when unknown. */
export function actorName(id: string): string {
  return names.get(id) ?? (id.length > 14 ? `${id.slice(0, 10)}…` : id);
}

/** React hook: for roles that may list users, loads their names once per session; re-renders when they arrive. */
export function useActorNames(): void {
  const { user, token } = useAuth();
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (user) names.set(user.id, user.displayName);
    if (!token || listed === token || (user?.role !== 'manager' && user?.role !== 'admin')) return;
    listed = token;
    authJson<{ items: User[] } | User[]>('/api/users')
      .then((answer) => {
        for (const u of Array.isArray(answer) ? answer : answer.items) names.set(u.id, u.displayName);
        setLoaded((n) => n + 1);
      })
      .catch(() => undefined);
  }, [user, token]);
}
