import { ApiError } from '../errors.js';

/** Limits of the login throttle; the defaults suit people at keyboards, not scripts. */
export interface LoginThrottleOptions {
  /** Failed logins one address may make in `windowMs` before it gets 429s. */
  maxFailuresPerAddress?: number;
  windowMs?: number;
  /** Logins one address may have in progress at once (each costs a memory-hard hash). */
  maxConcurrentPerAddress?: number;
  /** Consecutive failures of one account before it is locked. */
  lockAfterFailures?: number;
  /** First lock; each further failure doubles it, up to `maxLockMs`. */
  baseLockMs?: number;
  maxLockMs?: number;
  now?: () => number;
}

interface AddressState {
  failures: number[];
  inFlight: number;
}

interface AccountState {
  consecutiveFailures: number;
  lockedUntil: number;
}

/** A 429 with the seconds after which trying again can succeed (sent as Retry-After). */
export class TooManyRequestsError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('GT_ERR_TOO_MANY_REQUESTS', message);
  }
}

/**
 * Login rate limiting and lockout, in memory (one process serves the API). Per address: at most N failures in a
 * sliding window and a few logins in progress at once, so parallel guessers cannot starve real users of the CPU the
 * password hash needs. Per account: after K consecutive failures the account is locked for a time that doubles with
 * each further failure (capped); a success resets it. A locked account answers 429 before the password is checked.
 */
export class LoginThrottle {
  private readonly addresses = new Map<string, AddressState>();
  private readonly accounts = new Map<string, AccountState>();
  private readonly o: Required<LoginThrottleOptions>;

  constructor(options: LoginThrottleOptions = {}) {
    this.o = {
      maxFailuresPerAddress: 30,
      windowMs: 15 * 60_000,
      maxConcurrentPerAddress: 4,
      lockAfterFailures: 5,
      baseLockMs: 30_000,
      maxLockMs: 15 * 60_000,
      now: Date.now,
      ...options,
    };
  }

  /** Runs one login attempt under the limits; throws TooManyRequestsError instead of running it when over. */
  async attempt<T>(address: string, username: string, login: () => Promise<T>): Promise<T> {
    const now = this.o.now();
    const account = username.toLowerCase();
    const lock = this.accounts.get(account);
    if (lock && lock.lockedUntil > now)
      throw new TooManyRequestsError(
        `account ${username} is locked after ${lock.consecutiveFailures} failed logins; try again later`,
        Math.ceil((lock.lockedUntil - now) / 1000),
      );
    const state = this.addressState(address, now);
    if (state.failures.length >= this.o.maxFailuresPerAddress)
      throw new TooManyRequestsError(
        `too many failed logins from this address; try again later`,
        Math.ceil((state.failures[0]! + this.o.windowMs - now) / 1000),
      );
    if (state.inFlight >= this.o.maxConcurrentPerAddress)
      throw new TooManyRequestsError('too many logins in progress from this address', 1);
    state.inFlight++;
    try {
      const result = await login();
      this.accounts.delete(account);
      return result;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'GT_ERR_BAD_CREDENTIALS') this.recordFailure(state, account);
      throw err;
    } finally {
      state.inFlight--;
    }
  }

  private addressState(address: string, now: number): AddressState {
    let state = this.addresses.get(address);
    if (!state) {
      state = { failures: [], inFlight: 0 };
      this.addresses.set(address, state);
    }
    while (state.failures.length > 0 && state.failures[0]! <= now - this.o.windowMs) state.failures.shift();
    if (this.addresses.size > 10_000) this.prune(now);
    return state;
  }

  private recordFailure(state: AddressState, account: string): void {
    const now = this.o.now();
    state.failures.push(now);
    const acc = this.accounts.get(account) ?? { consecutiveFailures: 0, lockedUntil: 0 };
    acc.consecutiveFailures++;
    const over = acc.consecutiveFailures - this.o.lockAfterFailures;
    if (over >= 0) acc.lockedUntil = now + Math.min(this.o.maxLockMs, this.o.baseLockMs * 2 ** Math.min(over, 20));
    this.accounts.set(account, acc);
  }

  /** Keeps memory bounded under many addresses: drops those with nothing in the window and nothing running. */
  private prune(now: number): void {
    for (const [address, s] of this.addresses)
      if (s.inFlight === 0 && (s.failures.at(-1) ?? 0) <= now - this.o.windowMs) this.addresses.delete(address);
    for (const [account, s] of this.accounts) if (s.lockedUntil <= now) this.accounts.delete(account);
  }
}
