import type { User } from '../../../core/model/index.js';
import { localName } from '../../state/i18n.js';

/**
 * A user's name in the reader's language: `nameEn` for English readers when the account has one, `displayName`
 * (the name in the city's language) otherwise; the username when neither is there.
 */
export function userName(user: Pick<User, 'username' | 'displayName' | 'nameEn'>, language: 'en' | 'zh'): string {
  return localName({ name: user.displayName, nameEn: user.nameEn }, language) ?? user.username;
}
