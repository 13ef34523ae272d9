import type { CityStore } from '../../store/index.js';
import { userStoreOf } from '../../store/users/index.js';
import { AuthService } from '../services/auth.service.js';
import { hashPassword, randomPassword, verifyPassword, type ScryptCost } from './password-hash.js';

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
 * password printed once through `log`. On later starts an admin exists: ADMIN_PASSWORD, when set, becomes the password
 * of the user `admin` (logged), or the log says why it could not (no user named `admin`).
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
  const given = env.ADMIN_PASSWORD !== undefined && env.ADMIN_PASSWORD !== '' ? env.ADMIN_PASSWORD : undefined;
  if ((await users.countByRole('admin')) > 0) {
    if (given !== undefined) await applyAdminPassword(users, given, log, options.scryptCost);
    return { created: false, username: ADMIN_USERNAME };
  }
  const auth = new AuthService(users, { scryptCost: options.scryptCost });
  const password = given ?? randomPassword();
  await auth.createUser({ username: ADMIN_USERNAME, password, displayName: 'Administrator', role: 'admin' });
  if (given !== undefined) {
    log(`  created user ${ADMIN_USERNAME} with the password from ADMIN_PASSWORD`);
    return { created: true, username: ADMIN_USERNAME };
  }
  log(`  created user ${ADMIN_USERNAME}; its password, shown only this once: ${password}`);
  return { created: true, username: ADMIN_USERNAME, generatedPassword: password };
}

/** ADMIN_PASSWORD on a later start: sets it on `admin` unless it already is its password; says why when it cannot. */
async function applyAdminPassword(
  users: ReturnType<typeof userStoreOf>,
  password: string,
  log: (line: string) => void,
  cost: ScryptCost | undefined,
): Promise<void> {
  const admin = await users.getByUsername(ADMIN_USERNAME);
  if (admin === null) {
    log(`  ADMIN_PASSWORD not applied: there is no user named ${ADMIN_USERNAME} (other administrators exist)`);
    return;
  }
  if (await verifyPassword(password, admin.passwordHash)) return;
  await users.setPassword(admin.user.id, await hashPassword(password, cost));
  log(`  password of user ${ADMIN_USERNAME} set from ADMIN_PASSWORD`);
}
