import { expect } from 'vitest';

/** Asserts |actual - expected| <= tolerance, naming both numbers when it fails. */
export function expectClose(actual: number, expected: number, tolerance: number, what = 'value'): void {
  const ok = Math.abs(actual - expected) <= tolerance;
  expect(ok, `${what}: ${actual} is not within ${tolerance} of ${expected}`).toBe(true);
}
