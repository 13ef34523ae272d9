import { useEffect, useState, useSyncExternalStore } from 'react';
import type { User } from '../../../core/model/index.js';
import { LoginAnswerSchema, LogoutAnswerSchema, UserPageSchema } from '../../../core/contracts/index.js';
import { requestJson, setRequestSession } from '../../api/request.js';
import { createStore } from '../../state/store.js';
import { userName } from './user-name.js';

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

// Every API request carries the session's bearer token (viewer/api/request.ts adds it); a 401 to a request that
// carried it ends the local session (the token expired or was revoked).
setRequestSession({
  headers: (): Record<string, string> => {
    const { token } = authStore.get();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
  unauthorized: (path) => {
    if (path !== '/api/auth/login') authStore.set({ token: null, user: null, expiresAt: null });
  },
  token: () => authStore.get().token,
  subscribe: (listener) => {
    // Only a change of token matters to listeners (the live feed reconnects with it).
    let token = authStore.get().token;
    return authStore.subscribe((s) => {
      if (s.token === token) return;
      token = s.token;
      listener();
    });
  },
});

/** Logs in; the session is kept until logout, expiry or a 401. */
export async function login(username: string, password: string): Promise<User> {
  const answer = await requestJson(LoginAnswerSchema, '/api/auth/login', {
    method: 'POST',
    body: { username, password },
  });
  names.set(answer.user.id, answer.user);
  authStore.set({ token: answer.token, user: answer.user, expiresAt: answer.expiresAt });
  return answer.user;
}

/** Ends the session on the server (best effort) and locally. */
export async function logout(): Promise<void> {
  // Locally first: a poll fired while the server revokes the token would otherwise go out with it and come back 401.
  const { token } = authStore.get();
  authStore.set({ token: null, user: null, expiresAt: null });
  if (token)
    await requestJson(LogoutAnswerSchema, '/api/auth/logout', { method: 'POST', token }).catch(() => undefined);
}

/** Users met in this tab by id (logins, and the user list for managers): both their names are kept. */
type Known = Pick<User, 'username' | 'displayName' | 'nameEn'>;
const names = new Map<string, Known>([['system', { username: 'system', displayName: 'GridTwin' }]]);
let listed: string | null = null;

/** The name of a transition's actor in the reader's language, or the id when unknown. */
export function actorName(id: string, language: 'en' | 'zh'): string {
  const known = names.get(id);
  return known ? userName(known, language) : id.length > 14 ? `${id.slice(0, 10)}…` : id;
}

/** React hook: for roles that may list users, loads their names once per session; re-renders when they arrive. */
export function useActorNames(): void {
  const { user, token } = useAuth();
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (user) names.set(user.id, user);
    if (!token || listed === token || (user?.role !== 'manager' && user?.role !== 'admin')) return;
    listed = token;
    requestJson(UserPageSchema, '/api/users')
      .then((answer) => {
        for (const u of answer.items) names.set(u.id, u);
        setLoaded((n) => n + 1);
      })
      .catch(() => undefined);
  }, [user, token]);
}
