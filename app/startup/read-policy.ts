import type { Config } from '../../core/config/config.js';
import type { ReadPolicy } from '../../server/auth/read-access.js';
import { DEMO_CITY_ID } from './prepare-assets.js';

/**
 * PUBLIC_READ resolved: `demo` (the default) opens the read-only public view for the synthetic demo city only, so
 * `npm start` shows a visitor the live demo, while a real city imported by its operator needs a login unless they say
 * PUBLIC_READ=1.
 */
export function readPolicyOf(config: Pick<Config, 'PUBLIC_READ' | 'CITY'>): ReadPolicy {
  return { publicRead: config.PUBLIC_READ === '1' || (config.PUBLIC_READ === 'demo' && config.CITY === DEMO_CITY_ID) };
}

/** ALLOWED_ORIGINS as a list. */
export function allowedOriginsOf(config: Pick<Config, 'ALLOWED_ORIGINS'>): string[] {
  return (config.ALLOWED_ORIGINS ?? '').split(',').filter((o) => o !== '');
}
