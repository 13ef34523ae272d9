import type { z } from 'zod';
import { ErrorBodySchema, pageOf } from '../../core/contracts/index.js';

/** Error thrown for a non-2xx API answer, carrying the API's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown when an answer does not match its contract (core/contracts): the server and this viewer disagree. */
export class ContractError extends Error {
  constructor(
    readonly path: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(
      `${path} answered a body that does not match its contract: ` +
        issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; '),
    );
  }
}

/** What every request carries besides its own headers, and what a 401 does (the session side sets it). */
export interface RequestSession {
  /** Headers added to every API request (the bearer token when logged in). */
  headers(): Record<string, string>;
  /** Called on a 401 to a request that carried session headers (the token expired or was revoked). */
  unauthorized(path: string): void;
  /** The bearer token itself, for what cannot send headers (the /api/live WebSocket); null when logged out. */
  token(): string | null;
  /** Calls `listener` when the session changes (login, logout); answers what removes it. */
  subscribe(listener: () => void): () => void;
}

let session: RequestSession = {
  headers: () => ({}),
  unauthorized: () => undefined,
  token: () => null,
  subscribe: () => () => undefined,
};

/** Sets what every request carries; the auth state calls it once. */
export function setRequestSession(next: RequestSession): void {
  session = next;
}

/** The session's bearer token, or null (the live feed sends it as a WebSocket subprotocol). */
export function sessionToken(): string | null {
  return session.token();
}

/** Calls `listener` on every login and logout; answers what removes it. */
export function onSessionChange(listener: () => void): () => void {
  return session.subscribe(listener);
}

/** Options of one request. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A JSON body. */
  body?: unknown;
  /** A file's text sent as it is (an upload), with its media type; instead of `body`. */
  text?: { body: string; type: string };
  signal?: AbortSignal;
  /** Send this bearer token instead of the session's (logout: the session is already cleared locally). */
  token?: string;
}

/**
 * The viewer's one way to the API: sends the request with the session's headers (this is the only place headers are
 * added), throws {@link ApiError} with the API's code and message on a non-2xx answer, and parses a 2xx body with
 * `schema` (a core/contracts or core/model schema), throwing {@link ContractError} when it does not match.
 */
export async function requestJson<S extends z.ZodType>(
  schema: S,
  path: string,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const extra = options.token ? { authorization: `Bearer ${options.token}` } : session.headers();
  // A 401 ends the session only if it answers the session's current token: a slow request of the previous user must
  // not log out the next one.
  const sent = options.token ?? session.token();
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.text) headers['content-type'] = options.text.type;
  const body = options.text ? options.text.body : options.body === undefined ? undefined : JSON.stringify(options.body);
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(body === undefined ? {} : { body }),
  });
  if (!response.ok) {
    const parsed = ErrorBodySchema.safeParse(await response.json().catch(() => null));
    if (response.status === 401 && Object.keys(extra).length > 0 && sent !== null && sent === session.token())
      session.unauthorized(path);
    throw new ApiError(
      response.status,
      parsed.success ? parsed.data.error.code : 'HTTP',
      parsed.success ? parsed.data.error.message : `${path}: HTTP ${response.status}`,
    );
  }
  const parsed = schema.safeParse(await response.json());
  if (!parsed.success) throw new ContractError(`${options.method ?? 'GET'} ${path}`, parsed.error.issues);
  return parsed.data;
}

/** The API's largest page. */
const PAGE = 10000;

/** Reads every page of a list endpoint (`path` may have a query string), parsing each with `pageOf(item)`. */
export async function requestAllPages<S extends z.ZodType>(
  item: S,
  path: string,
  signal?: AbortSignal,
): Promise<z.output<S>[]> {
  const schema = pageOf(item);
  const items: z.output<S>[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await requestJson(
      schema,
      `${path}${path.includes('?') ? '&' : '?'}limit=${PAGE}&offset=${offset}`,
      signal ? { signal } : {},
    );
    items.push(...(page.items as z.output<S>[]));
    if (page.items.length < PAGE || items.length >= page.total) return items;
  }
}
