import type { Address } from '../core/model/index.js';

/**
 * Normalises text for search: Unicode NFKC (full-width digits and letters become ASCII), lower case, no whitespace,
 * and no `号` right after a digit, so "陆家嘴环路 1388 号", "陆家嘴环路１３８８" and "陆家嘴环路1388" are one key.
 */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, '')
    .replace(/(\d)号/gu, '$1');
}

/** The search key of an address: street and number run together. */
export function addressSearchKey(address: Address | undefined): string {
  if (address === undefined) return '';
  return normalizeSearchText(`${address.street}${address.number ?? ''}`);
}

/**
 * Names packed for prefix search: `|name|nameEn|`. A name starts right after a `|`, so `LIKE '%|q%'` is "a name
 * starts with q" and `LIKE '%q%'` is "a name contains q".
 */
export function namesSearchKey(...names: (string | undefined)[]): string {
  const keys = names.filter((n): n is string => n !== undefined && n.trim() !== '').map(normalizeSearchText);
  return keys.length === 0 ? '' : `|${keys.join('|')}|`;
}

/** An address as Chinese addresses are written: `陆家嘴环路1388号` (`号` only after a plain house number). */
export function formatAddress(address: Address): string {
  const number = address.number ?? '';
  return /^\d+(-\d+)?$/u.test(number) ? `${address.street}${number}号` : `${address.street}${number}`;
}

/** Escapes `%`, `_` and the escape character itself for a LIKE pattern (default escape `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/gu, (c) => `\\${c}`);
}
