import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle, TooManyRequestsError } from '../../../server/auth/login-throttle.js';
import { ApiError } from '../../../server/errors.js';
import { openPgliteClient } from '../../../store/pglite-client.js';
import { openIncidentTestApp, PASSWORD, type IncidentTestApp } from '../events/incident-test-app.js';

describe('login rate limiting and lockout over the API (PGlite)', () => {
  let t: IncidentTestApp;
  beforeAll(async () => {
    t = await openIncidentTestApp(() => openPgliteClient());
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('locks an account after 5 wrong passwords: 429 with Retry-After even for the right one; others unaffected', async () => {
    for (let i = 0; i < 5; i++)
      await request(t.app)
        .post('/api/auth/login')
        .send({ username: 'viewer', password: `wrong ${i}` })
        .expect(401);
    const locked = await request(t.app).post('/api/auth/login').send({ username: 'viewer', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('GT_ERR_TOO_MANY_REQUESTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(30);
    await request(t.app).post('/api/auth/login').send({ username: 'planner', password: PASSWORD }).expect(200);
  });

  it('answers 429 to parallel guessers from one address beyond the logins it may have in progress', async () => {
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        request(t.app)
          .post('/api/auth/login')
          .send({ username: `nobody${i}`, password: 'guess' }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });
});

describe('server/auth/login-throttle', () => {
  const bad = () => Promise.reject(new ApiError('GT_ERR_BAD_CREDENTIALS', 'no'));

  it('blocks an address after N failures in the window and lets it in again once they age out', async () => {
    const clock = { now: 0 };
    const throttle = new LoginThrottle({ maxFailuresPerAddress: 3, windowMs: 60_000, now: () => clock.now });
    for (let i = 0; i < 3; i++) await expect(throttle.attempt('10.0.0.1', `u${i}`, bad)).rejects.toThrow('no');
    const err = await throttle.attempt('10.0.0.1', 'u9', () => Promise.resolve('ok')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsError);
    expect((err as TooManyRequestsError).retryAfterSeconds).toBe(60);
    expect(await throttle.attempt('10.0.0.2', 'u9', () => Promise.resolve('ok'))).toBe('ok');
    clock.now = 60_001;
    expect(await throttle.attempt('10.0.0.1', 'u9', () => Promise.resolve('ok'))).toBe('ok');
  });

  it('doubles the account lock with each further failure, caps it, and a success resets it', async () => {
    const clock = { now: 0 };
    const throttle = new LoginThrottle({
      lockAfterFailures: 2,
      baseLockMs: 1000,
      maxLockMs: 4000,
      now: () => clock.now,
    });
    const lockSeconds = async () =>
      ((await throttle.attempt('a', 'Bob', bad).catch((e: unknown) => e)) as TooManyRequestsError).retryAfterSeconds;
    await expect(throttle.attempt('a', 'bob', bad)).rejects.toThrow('no');
    await expect(throttle.attempt('b', 'bob', bad)).rejects.toThrow('no');
    expect(await lockSeconds()).toBe(1);
    const expected = [2, 4, 4];
    for (const s of expected) {
      clock.now += 1_000_000;
      await expect(throttle.attempt('a', 'bob', bad)).rejects.toThrow('no');
      expect(await lockSeconds()).toBe(s);
    }
    clock.now += 1_000_000;
    expect(await throttle.attempt('a', 'bob', () => Promise.resolve(1))).toBe(1);
    await expect(throttle.attempt('a', 'bob', bad)).rejects.toThrow('no');
    expect(await throttle.attempt('a', 'bob', () => Promise.resolve(2))).toBe(2);
  });
});
