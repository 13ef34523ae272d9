/** Accounts and bearer tokens: the store the auth module uses. It shares the SQL connection of the city store. */
import type { CityStore } from '../city-store.js';
import { lazySqlClient } from '../events/lazy-sql-client.js';
import { UserStore } from './user-store.js';

export { UserStore, UsernameTakenError, type StoredToken, type UserWithSecret } from './user-store.js';

/** The user store over a city store's connection (opened by `openStore`). */
export function userStoreOf(store: CityStore): UserStore {
  return new UserStore(lazySqlClient(store));
}
export { hashPassword, verifyPassword, randomPassword, DEFAULT_SCRYPT_COST, type ScryptCost } from './password-hash.js';
