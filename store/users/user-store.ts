import { UserSchema, type Role, type User } from '../../core/model/index.js';
import type { SqlClient } from '../sql-client.js';

/** A user with the stored password hash: only the auth service sees this shape. */
export interface UserWithSecret {
  user: User;
  passwordHash: string;
}

/** Thrown by `create` when the username is taken (the unique index decides, so two racing creates cannot both win). */
export class UsernameTakenError extends Error {
  override readonly name = 'UsernameTakenError';
}

/** A stored bearer token: its hash, owner and expiry (epoch ms). */
export interface StoredToken {
  userId: string;
  expiresAt: number;
}

/** Accounts and tokens in `users` and `auth_tokens` (migration 200). */
export class UserStore {
  constructor(private readonly db: SqlClient) {}

  /** Adds a user; throws UsernameTakenError when the username exists. */
  async create(user: User, passwordHash: string, createdAt: number): Promise<void> {
    const valid = UserSchema.parse(user);
    try {
      await this.db.query(
        'INSERT INTO users (id, username, role, password_hash, data, created_at) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)',
        [valid.id, valid.username, valid.role, passwordHash, JSON.stringify(valid), createdAt],
      );
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw new UsernameTakenError(`user ${valid.username} exists`, { cause: err });
      throw err;
    }
  }

  async getById(id: string): Promise<User | null> {
    const rows = await this.db.query<{ data: unknown }>('SELECT data FROM users WHERE id = $1', [id]);
    return rows[0] ? UserSchema.parse(rows[0].data) : null;
  }

  async getByUsername(username: string): Promise<UserWithSecret | null> {
    const rows = await this.db.query<{ data: unknown; password_hash: string }>(
      'SELECT data, password_hash FROM users WHERE username = $1',
      [username],
    );
    const r = rows[0];
    return r ? { user: UserSchema.parse(r.data), passwordHash: r.password_hash } : null;
  }

  /** Every user, by username. */
  async list(): Promise<User[]> {
    const rows = await this.db.query<{ data: unknown }>('SELECT data FROM users ORDER BY username');
    return rows.map((r) => UserSchema.parse(r.data));
  }

  async countByRole(role: Role): Promise<number> {
    const rows = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE role = $1', [role]);
    return rows[0]?.n ?? 0;
  }

  /** Replaces an account's record (role, name, crew, cells, disabled); the password hash stays. */
  async update(user: User): Promise<boolean> {
    const valid = UserSchema.parse(user);
    const rows = await this.db.query('UPDATE users SET role = $2, data = $3::text::jsonb WHERE id = $1 RETURNING id', [
      valid.id,
      valid.role,
      JSON.stringify(valid),
    ]);
    return rows.length > 0;
  }

  /** Deletes an account (its tokens go with it). */
  async delete(userId: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM users WHERE id = $1 RETURNING id', [userId]);
    return rows.length > 0;
  }

  /** Ends every session of a user (disabled, password reset); answers how many. */
  async deleteTokensOf(userId: string): Promise<number> {
    const rows = await this.db.query('DELETE FROM auth_tokens WHERE user_id = $1 RETURNING user_id', [userId]);
    return rows.length;
  }

  /** Enabled accounts of a role (the last enabled admin may not go). */
  async countEnabled(role: Role): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM users WHERE role = $1 AND coalesce(data->>'disabled', 'false') <> 'true'",
      [role],
    );
    return rows[0]?.n ?? 0;
  }

  async setPassword(userId: string, passwordHash: string): Promise<boolean> {
    const rows = await this.db.query('UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING id', [
      userId,
      passwordHash,
    ]);
    return rows.length > 0;
  }

  async saveToken(tokenHash: string, userId: string, createdAt: number, expiresAt: number): Promise<void> {
    await this.db.query(
      'INSERT INTO auth_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [tokenHash, userId, createdAt, expiresAt],
    );
  }

  /** The token's owner and expiry, or null when unknown. */
  async findToken(tokenHash: string): Promise<StoredToken | null> {
    const rows = await this.db.query<{ user_id: string; expires_at: string | number }>(
      'SELECT user_id, expires_at FROM auth_tokens WHERE token_hash = $1',
      [tokenHash],
    );
    const r = rows[0];
    return r ? { userId: r.user_id, expiresAt: Number(r.expires_at) } : null;
  }

  async deleteToken(tokenHash: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM auth_tokens WHERE token_hash = $1 RETURNING user_id', [tokenHash]);
    return rows.length > 0;
  }

  /** Drops tokens that expired before `nowMs`; answers how many. */
  async deleteExpiredTokens(nowMs: number): Promise<number> {
    const rows = await this.db.query('DELETE FROM auth_tokens WHERE expires_at < $1 RETURNING user_id', [nowMs]);
    return rows.length;
  }
}
