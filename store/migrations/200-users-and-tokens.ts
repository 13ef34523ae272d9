/**
 * Accounts and bearer tokens. A user row keeps the API's User record as JSONB (`data`) beside its password hash,
 * which never leaves the store's user module. Tokens are stored as SHA-256 hashes: a copy of the table does not
 * let anyone log in.
 */
export const migration200 = {
  version: 200,
  name: 'users-and-tokens',
  sql: `
CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY,
  username text COLLATE "C" NOT NULL UNIQUE,
  role text NOT NULL,
  password_hash text NOT NULL,
  data jsonb NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE auth_tokens (
  token_hash text PRIMARY KEY,
  user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX auth_tokens_expiry ON auth_tokens (expires_at);
`,
};
