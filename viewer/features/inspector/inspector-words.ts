import type { Attributes } from '../../../core/model/index.js';
import { isMessageKey, translate } from '../../state/i18n.js';
import { useViewerState } from '../../state/store.js';
import { HIDDEN_ATTRIBUTES } from './inspector.i18n.js';

type Lang = 'en' | 'zh';

/** A data value in words: a known enum value translated, numbers and free text as they are. */
export function valueWords(lang: Lang, v: string | number | boolean | null): string {
  if (v === null) return '—';
  const key = `value.${String(v)}`;
  return isMessageKey(key) ? translate(lang, key) : String(v);
}

/** The rows of an element's attributes: translated names and values, internal keys left out. */
export function attributeRows(lang: Lang, attributes: Attributes, max = 6): [string, string, string][] {
  return Object.entries(attributes)
    .filter(([k]) => !HIDDEN_ATTRIBUTES.has(k))
    .slice(0, max)
    .map(([k, v]) => {
      const key = `attr.${k}`;
      return [`attr-${k}`, isMessageKey(key) ? translate(lang, key) : k, valueWords(lang, v)];
    });
}

/** The road an asset lies on (from the data's `road` / `roadEn`), in the reader's language. */
export function roadName(lang: Lang, attributes: Attributes): string | undefined {
  const zh = typeof attributes.road === 'string' ? attributes.road : undefined;
  const en = typeof attributes.roadEn === 'string' ? attributes.roadEn : undefined;
  return lang === 'en' ? (en ?? zh) : (zh ?? en);
}

/** A kind (`nodeKind.valve`, `sensorKind.gas`, ...) in words, or the raw kind when unknown. */
export function kindWords(lang: Lang, family: 'nodeKind' | 'linkKind' | 'sensorKind', kind: string): string {
  const key = `${family}.${kind}`;
  return isMessageKey(key) ? translate(lang, key) : kind;
}

/** React hook: the current language, for the helpers above. */
export function useLang(): Lang {
  return useViewerState((s) => s.language);
}
