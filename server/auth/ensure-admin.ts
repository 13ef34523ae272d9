import type { CityStore } from '../../store/index.js';
import { userStoreOf } from '../../store/users/index.js';
import { AuthService } from '../services/auth.service.js';
import { randomPassword, type ScryptCost } from './password-hash.js';

/** The username of the first administrator. */
export const ADMIN_USERNAME = 'admin';

/** What ensureAdmin did. */
export interface EnsureAdminResult {
  created: boolean;
  username: string;
  /** The generated password (only when created without ADMIN_PASSWORD): shown once, never stored in clear. */
  generatedPassword?: string;
}

/**
 * On first start (no admin in the store) creates the account `admin`, with ADMIN_PASSWORD when set, else with a random
 * password printed once through `log`. Later starts find the admin and do nothing (ADMIN_PASSWORD does not reset it).
 *
 * @example
 * await ensureAdmin(store, process.env, console.log);
 */
export async function ensureAdmin(
  store: CityStore,
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
  options: { scryptCost?: ScryptCost } = {},
): Promise<EnsureAdminResult> {
  const users = userStoreOf(store);
  if ((await users.countByRole('admin')) > 0) return { created: false, username: ADMIN_USERNAME };
  const auth = new AuthService(users, { scryptCost: options.scryptCost });
  const given = env.ADMIN_PASSWORD !== undefined && env.ADMIN_PASSWORD !== '' ? env.ADMIN_PASSWORD : undefined;
  const password = given ?? randomPassword();
  await auth.createUser({ username: ADMIN_USERNAME, password, displayName: 'Administrator', role: 'admin' });
  if (given !== undefined) {
    log(`  created user ${ADMIN_USERNAME} with the password from ADMIN_PASSWORD`);
    return { created: true, username: ADMIN_USERNAME };
  }
  log(`  created user ${ADMIN_USERNAME}; its password, shown only this once: ${password}`);
  return { created: true, username: ADMIN_USERNAME, generatedPassword: password };
}
