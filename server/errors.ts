/**
 * The API's error catalogue: every error a client can get, with a stable code and its HTTP status. Clients branch on
 * `code`, people read `message`. Answered as `{"error": {"code": "GT_ERR_...", "message": "..."}}`.
 */
export const ERROR_CATALOGUE = {
  GT_ERR_BAD_REQUEST: { status: 400, description: 'a query or path parameter is missing or invalid' },
  GT_ERR_BAD_JSON: { status: 400, description: 'the request body is not valid JSON' },
  GT_ERR_PAYLOAD_TOO_LARGE: { status: 413, description: 'the request body is too large' },
  GT_ERR_UNSUPPORTED_ENCODING: {
    status: 415,
    description: 'the request body uses a content encoding or charset the server does not read',
  },
  GT_ERR_BAD_TEXT: {
    status: 400,
    description: 'a path, query or body string holds a NUL byte, invalid Unicode or a malformed %-escape',
  },
  GT_ERR_ROUTE_NOT_FOUND: { status: 404, description: 'no API route matches the method and path' },
  GT_ERR_CITY_NOT_FOUND: { status: 404, description: 'the city is not in the store' },
  GT_ERR_BUILDING_NOT_FOUND: { status: 404, description: 'no building with this id in the city' },
  GT_ERR_NODE_NOT_FOUND: { status: 404, description: 'no network node with this id in the city' },
  GT_ERR_LINK_NOT_FOUND: { status: 404, description: 'no network link with this id in the city' },
  GT_ERR_SENSOR_NOT_FOUND: { status: 404, description: 'no sensor with this id in the city' },
  GT_ERR_GRID_NOT_FOUND: { status: 404, description: 'no grid with this id in the city' },
  GT_ERR_ALERT_NOT_FOUND: { status: 404, description: 'no open alert with this id' },
  GT_ERR_OUTSIDE_GRIDS: { status: 404, description: 'the point lies in no grid cell of the city' },
  GT_ERR_UNAUTHENTICATED: { status: 401, description: 'no valid bearer token: log in with POST /api/auth/login' },
  GT_ERR_BAD_CREDENTIALS: { status: 401, description: 'unknown username or wrong password' },
  GT_ERR_FORBIDDEN: { status: 403, description: 'your role or scope does not allow this; the message says why' },
  GT_ERR_USER_EXISTS: { status: 409, description: 'a user with this username exists' },
  GT_ERR_USER_NOT_FOUND: { status: 404, description: 'no user with this id' },
  GT_ERR_ACCOUNT_DISABLED: { status: 403, description: 'the account is disabled: an admin enables it again' },
  GT_ERR_LAST_ADMIN: { status: 409, description: 'the change would leave no enabled admin' },
  GT_ERR_CREW_NOT_FOUND: { status: 404, description: 'no crew with this id in the city' },
  GT_ERR_RECORD_EXISTS: { status: 409, description: 'a record with this id exists (update it instead)' },
  GT_ERR_EVENT_NOT_FOUND: { status: 404, description: 'no event with this id' },
  GT_ERR_PHOTO_NOT_FOUND: { status: 404, description: 'no photo with this id on the event' },
  GT_ERR_SIMULATION_NOT_FOUND: { status: 404, description: 'no simulation with this id' },
  GT_ERR_TRANSITION_NOT_ALLOWED: { status: 409, description: "the event's state does not allow this action" },
  GT_ERR_VERSION_CONFLICT: {
    status: 409,
    description: 'the event changed since you read it (expectedVersion differs)',
  },
  GT_ERR_SIGN_OFF_MISSING: {
    status: 409,
    description: 'a dig permit closes only when every affected utility signed off; the message names those missing',
  },
  GT_ERR_TOO_MANY_REQUESTS: {
    status: 429,
    description: 'too many attempts (failed logins, logins in progress); wait for Retry-After seconds',
  },
  GT_ERR_PHOTO_QUOTA: {
    status: 429,
    description: "the user's photo quota (count or bytes in 24 h) is used up; try again after Retry-After seconds",
  },
  GT_ERR_COMPUTE_BUSY: {
    status: 503,
    description: 'every simulation worker is busy and the queue is full; try again after Retry-After seconds',
  },
  GT_ERR_STORE_UNAVAILABLE: { status: 503, description: 'the database does not answer' },
  GT_ERR_INTERNAL: { status: 500, description: 'an unexpected server error (details are in the server log)' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** An error meant for the client: its code fixes the status; its message is safe to show. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.status = ERROR_CATALOGUE[code].status;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Kinds of records that can be looked up by id, and the code answered when one is missing. */
const NOT_FOUND_CODES = {
  building: 'GT_ERR_BUILDING_NOT_FOUND',
  node: 'GT_ERR_NODE_NOT_FOUND',
  link: 'GT_ERR_LINK_NOT_FOUND',
  sensor: 'GT_ERR_SENSOR_NOT_FOUND',
  grid: 'GT_ERR_GRID_NOT_FOUND',
  crew: 'GT_ERR_CREW_NOT_FOUND',
} as const satisfies Record<string, ErrorCode>;

export type RecordKind = keyof typeof NOT_FOUND_CODES;

/** Constructors for the catalogue's errors, so messages read the same everywhere. */
export const apiErrors = {
  badRequest: (message: string) => new ApiError('GT_ERR_BAD_REQUEST', message),
  recordNotFound: (kind: RecordKind, id: string, cityId: string) =>
    new ApiError(NOT_FOUND_CODES[kind], `${kind} ${id} not found in city ${cityId}`),
  cityNotFound: (cityId: string, known: readonly string[]) =>
    new ApiError(
      'GT_ERR_CITY_NOT_FOUND',
      `city ${cityId} not found; ${known.length === 0 ? 'the store holds no city yet' : `cities in the store: ${known.join(', ')}`}`,
    ),
  routeNotFound: (method: string, path: string) =>
    new ApiError('GT_ERR_ROUTE_NOT_FOUND', `no API route ${method} ${path}; see /api/openapi.json for the routes`),
  outsideGrids: (lonDeg: number, latDeg: number, cityId: string) =>
    new ApiError('GT_ERR_OUTSIDE_GRIDS', `no grid cell of city ${cityId} contains lon ${lonDeg}, lat ${latDeg}`),
  storeUnavailable: (reason: string) =>
    new ApiError('GT_ERR_STORE_UNAVAILABLE', `the database does not answer: ${reason}`),
  internal: (reference: string) =>
    new ApiError(
      'GT_ERR_INTERNAL',
      `internal server error (reference ${reference}); the details are in the server log`,
    ),
};
