import { randomUUID } from 'node:crypto';
import { UserSchema, type Role, type User, type Utility } from '../../core/model/index.js';
import type { UserStore } from '../../store/users/index.js';
import { UsernameTakenError } from '../../store/users/index.js';
import { ApiError } from '../errors.js';
import { hashPassword, randomPassword, verifyPassword, type ScryptCost } from '../auth/password-hash.js';
import { DEFAULT_TOKEN_TTL_MS, hashToken, newToken } from '../auth/bearer-token.js';

/** What login answers. */
export interface LoginResult {
  token: string;
  user: User;
  /** Epoch ms. */
  expiresAt: number;
}

/** A new account. */
export interface NewUser {
  username: string;
  password: string;
  displayName?: string;
  /** The name for English readers. */
  nameEn?: string;
  role: Role;
  crewId?: string | null;
  utility?: Utility | null;
  gridIds?: string[];
}

export interface AuthServiceOptions {
  /** Clock (epoch ms); default Date.now. */
  now?: () => number;
  /** Token lifetime; default 12 h. */
  tokenTtlMs?: number;
  /** scrypt cost for new hashes (tests lower it). */
  scryptCost?: ScryptCost;
}

/** A hash of a password nobody has: unknown usernames are checked against it so both failures take as long. */
let dummyHash: Promise<string> | null = null;

/** Accounts, login, logout and token checks. */
export class AuthService {
  private readonly now: () => number;
  private readonly ttlMs: number;

  constructor(
    private readonly users: UserStore,
    private readonly options: AuthServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ttlMs = options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS;
  }

  /** Checks the password and issues a token; wrong username or password are one and the same 401. */
  async login(username: string, password: string): Promise<LoginResult> {
    const found = await this.users.getByUsername(username);
    if (found === null) {
      dummyHash ??= hashPassword('not-a-password', this.options.scryptCost);
      await verifyPassword(password, await dummyHash);
      throw new ApiError('GT_ERR_BAD_CREDENTIALS', 'unknown username or wrong password');
    }
    if (!(await verifyPassword(password, found.passwordHash))) {
      throw new ApiError('GT_ERR_BAD_CREDENTIALS', 'unknown username or wrong password');
    }
    // Said only after the right password: a guesser learns nothing about the account.
    if (found.user.disabled)
      throw new ApiError('GT_ERR_ACCOUNT_DISABLED', `the account ${username} is disabled; ask an admin`);
    const now = this.now();
    await this.users.deleteExpiredTokens(now);
    const token = newToken();
    const expiresAt = now + this.ttlMs;
    await this.users.saveToken(hashToken(token), found.user.id, now, expiresAt);
    return { token, user: found.user, expiresAt };
  }

  /** Ends a token's session; answers whether it existed. */
  async logout(token: string): Promise<boolean> {
    return this.users.deleteToken(hashToken(token));
  }

  /** The user a token belongs to; 401 with the reason when it is unknown or expired. */
  async userOfToken(token: string): Promise<User> {
    const stored = await this.users.findToken(hashToken(token));
    if (stored === null)
      throw new ApiError('GT_ERR_UNAUTHENTICATED', 'the bearer token is unknown (logged out?); log in again');
    if (stored.expiresAt <= this.now()) {
      await this.users.deleteToken(hashToken(token));
      throw new ApiError('GT_ERR_UNAUTHENTICATED', 'the bearer token has expired; log in again');
    }
    const user = await this.users.getById(stored.userId);
    if (user === null) throw new ApiError('GT_ERR_UNAUTHENTICATED', "the token's user no longer exists");
    if (user.disabled) throw new ApiError('GT_ERR_UNAUTHENTICATED', `the account ${user.username} is disabled`);
    return user;
  }

  /** Creates an account (409 when the username is taken). */
  async createUser(input: NewUser): Promise<User> {
    const user = UserSchema.parse({
      id: `u-${randomUUID()}`,
      username: input.username,
      displayName: input.displayName ?? input.username,
      ...(input.nameEn ? { nameEn: input.nameEn } : {}),
      role: input.role,
      crewId: input.crewId ?? null,
      utility: input.utility ?? null,
      gridIds: input.gridIds ?? [],
    });
    try {
      await this.users.create(user, await hashPassword(input.password, this.options.scryptCost), this.now());
    } catch (err) {
      if (err instanceof UsernameTakenError)
        throw new ApiError('GT_ERR_USER_EXISTS', `a user named ${input.username} exists`);
      throw err;
    }
    return user;
  }

  /** One account; 404 when there is none. */
  async getUser(id: string): Promise<User> {
    const user = await this.users.getById(id);
    if (user === null) throw new ApiError('GT_ERR_USER_NOT_FOUND', `no user ${id}`);
    return user;
  }

  /**
   * Changes an account (role, name, crew and utility, cells, disabled). Disabling ends its sessions. Refuses (409)
   * to demote or disable the last enabled admin. Answers the account before and after.
   */
  async updateUser(id: string, patch: Partial<Omit<User, 'id' | 'username'>>): Promise<{ before: User; after: User }> {
    const before = await this.getUser(id);
    const after = UserSchema.parse({ ...before, ...patch, id: before.id, username: before.username });
    await this.keepAnAdmin(before, after.role === 'admin' && !after.disabled);
    await this.users.update(after);
    if (after.disabled && !before.disabled) await this.users.deleteTokensOf(id);
    return { before, after };
  }

  /** Deletes an account (never the last enabled admin); answers it. */
  async deleteUser(id: string): Promise<User> {
    const user = await this.getUser(id);
    await this.keepAnAdmin(user, false);
    await this.users.delete(id);
    return user;
  }

  /** Sets a new password (or a generated one, answered once) and ends the account's sessions. */
  async resetPassword(id: string, password?: string): Promise<{ user: User; password?: string }> {
    const user = await this.getUser(id);
    const secret = password ?? randomPassword();
    await this.users.setPassword(id, await hashPassword(secret, this.options.scryptCost));
    await this.users.deleteTokensOf(id);
    return password === undefined ? { user, password: secret } : { user };
  }

  private async keepAnAdmin(before: User, staysAdmin: boolean): Promise<void> {
    if (before.role !== 'admin' || before.disabled || staysAdmin) return;
    if ((await this.users.countEnabled('admin')) <= 1)
      throw new ApiError('GT_ERR_LAST_ADMIN', `${before.username} is the last enabled admin: make another admin first`);
  }

  async listUsers(): Promise<User[]> {
    return this.users.list();
  }

  /** Whether a username exists. */
  async exists(username: string): Promise<boolean> {
    return (await this.users.getByUsername(username)) !== null;
  }
}
