import type { Crew, Grid, Role } from '../../core/model/index.js';
import type { CityStore } from '../../store/index.js';
import { userStoreOf } from '../../store/users/index.js';
import { AuthService } from '../services/auth.service.js';
import type { ScryptCost } from './password-hash.js';

/** One demo account. Passwords are public (docs/demo-users.md): the demo city is for trying GridTwin, not for real use. */
export interface DemoUser {
  username: string;
  password: string;
  /** The name in the city's language (Chinese for the demo city). */
  displayName: string;
  /** The same name for English readers. */
  nameEn: string;
  role: Role;
}

/** The demo accounts, one per role besides admin. `li.crew` joins a Pudong water crew (see ensureDemoUsers). */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'wang.manager',
    password: 'manager-demo-2026',
    displayName: '王敏 (城市管理员)',
    nameEn: 'Wang Min (city manager)',
    role: 'manager',
  },
  {
    username: 'li.crew',
    password: 'crew-demo-2026',
    displayName: '李强 (浦东供水抢修)',
    nameEn: 'Li Qiang (Pudong water repair crew)',
    role: 'crew',
  },
  {
    username: 'zhang.planner',
    password: 'planner-demo-2026',
    displayName: '张岚 (规划)',
    nameEn: 'Zhang Lan (planner)',
    role: 'planner',
  },
  {
    username: 'chen.viewer',
    password: 'viewer-demo-2026',
    displayName: '陈静 (访客)',
    nameEn: 'Chen Jing (visitor)',
    role: 'viewer',
  },
];

/** Pudong New Area's administrative code: the demo crew user serves a water crew of this district. */
const PUDONG_CODE = '310115';

/** The crew the demo crew user joins: a Pudong water crew (first by id), else any water crew, else any crew. */
export function demoCrewOf(crews: readonly Crew[]): Crew | null {
  const sorted = [...crews].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return (
    sorted.find((c) => c.utility === 'water' && c.id.includes(PUDONG_CODE)) ??
    sorted.find((c) => c.utility === 'water') ??
    sorted[0] ??
    null
  );
}

/** The cells a crew serves. */
export function cellsOfCrew(grids: readonly Grid[], crewId: string): string[] {
  return grids.filter((g) => g.level === 'cell' && g.crewIds.includes(crewId)).map((g) => g.id);
}

/**
 * Creates the demo accounts of a city that are missing (one per role; the crew user joins a Pudong water crew and
 * serves its cells). Existing accounts are left alone, but for one thing: a demo account made before accounts had an
 * English name, and still carrying the demo's own name, gets its `nameEn` (users keep their record as JSONB, so no
 * migration is needed and older rows stay valid without it). Answers the usernames created.
 */
export async function ensureDemoUsers(
  store: CityStore,
  cityId: string,
  log: (line: string) => void,
  options: { scryptCost?: ScryptCost } = {},
): Promise<string[]> {
  const users = userStoreOf(store);
  const auth = new AuthService(users, { scryptCost: options.scryptCost });
  const [crews, grids] = await Promise.all([store.listCrews(cityId), store.listGrids(cityId, { level: 'cell' })]);
  const crew = demoCrewOf(crews);
  const created: string[] = [];
  for (const demo of DEMO_USERS) {
    const existing = await users.getByUsername(demo.username);
    if (existing !== null) {
      const { user } = existing;
      if (user.nameEn === undefined && user.displayName === demo.displayName)
        await auth.updateUser(user.id, { nameEn: demo.nameEn });
      continue;
    }
    const crewPart =
      demo.role === 'crew' && crew !== null
        ? { crewId: crew.id, utility: crew.utility, gridIds: cellsOfCrew(grids.items, crew.id) }
        : {};
    await auth.createUser({ ...demo, ...crewPart });
    created.push(demo.username);
  }
  if (created.length > 0) log(`  demo users created: ${created.join(', ')} (passwords in docs/demo-users.md)`);
  return created;
}
