import { describe, expect, it } from 'vitest';
import { userName } from '../../../../viewer/features/auth/user-name.js';
import { DEMO_USERS } from '../../../../server/auth/demo-users.js';

describe('viewer/features/auth/user-name', () => {
  it('names a demo user in the reader language, with no Chinese in the English name', () => {
    for (const demo of DEMO_USERS) {
      expect(userName(demo, 'zh')).toBe(demo.displayName);
      expect(userName(demo, 'en')).toBe(demo.nameEn);
      expect(userName(demo, 'en')).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('falls back to the one name an account has, then to its username', () => {
    const older = { username: 'wang.manager', displayName: '王敏 (城市管理员)' };
    expect(userName(older, 'en')).toBe('王敏 (城市管理员)');
    expect(userName({ username: 'x', displayName: 'Xu', nameEn: 'Xu E' }, 'zh')).toBe('Xu');
    expect(userName({ username: 'jo', displayName: '' }, 'en')).toBe('jo');
  });
});
