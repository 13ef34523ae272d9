import { splitBilingual } from '../../../core/incident/event-title.js';
import type { CityData } from '../../data/city-data.js';
import { localName, translate } from '../../state/i18n.js';
import type { Selection } from '../../state/store.js';
import type { Building, NetworkLink, NetworkNode } from '../../../core/model/index.js';
import { kindWords, roadName } from './inspector-words.js';

type Lang = 'en' | 'zh';

/** A building's address as written in Chinese: street then number. */
export function formatAddress(b: Building): string | undefined {
  if (!b.address) return undefined;
  const n = b.address.number;
  // Chinese addresses put the number after the street (陆家嘴环路1388号); OSM also has English street names.
  if (!/[\u3400-\u9fff]/.test(b.address.street)) return n ? `${n} ${b.address.street}` : b.address.street;
  return `${b.address.street}${n ? (/\d$/.test(n) ? `${n}号` : n) : ''}`;
}

/** The part of the city data that places a node: the pipes at each node, the grid cells. */
type NodePlaces = Pick<CityData, 'linksByNode' | 'cellById'>;

/**
 * Where a node is, in words: its name, the road it lies on, else the road of a pipe it joins (a manhole at a corner
 * or off a road carries no road of its own), else its grid cell; undefined when nothing is known.
 */
function nodePlace(lang: Lang, n: NetworkNode, places: NodePlaces | undefined): string | undefined {
  const own = n.name ?? roadName(lang, n.attributes);
  if (own || !places) return own;
  for (const l of places.linksByNode.get(n.id) ?? []) {
    const road = l.name ?? roadName(lang, l.attributes);
    if (road) return road;
  }
  const cell = n.gridId ? places.cellById.get(n.gridId) : undefined;
  return cell ? localName(cell, lang) : undefined;
}

/**
 * A node in a list: its kind, and its name or the road it lies on ("valve · 世纪大道"); with the city data, the road
 * of a pipe it joins or its grid cell; its id only when nothing else is known.
 */
export function nodeLabel(lang: 'en' | 'zh', n: NetworkNode, places?: NodePlaces): string {
  return `${kindWords(lang, 'nodeKind', n.kind)} · ${nodePlace(lang, n, places) ?? n.id}`;
}

/** A link in a list: its name or road (else id), diameter. */
export function linkLabel(lang: 'en' | 'zh', l: NetworkLink): string {
  const where = l.name ?? roadName(lang, l.attributes);
  return `${kindWords(lang, 'linkKind', l.kind)} · ${where ?? l.id} (DN${l.diameterMm})`;
}

/** A sensor's own name in `lang` (the demo writes `中文 / English`), else its kind in words. */
export function sensorName(lang: Lang, s: { name?: string | undefined; kind: string }): string {
  const name = splitBilingual(s.name);
  return (lang === 'zh' ? (name.zh ?? name.en) : (name.en ?? name.zh)) ?? kindWords(lang, 'sensorKind', s.kind);
}

/**
 * A building with no name or address (most OSM footprints) in words a crew can find it by: its floors and the grid
 * cell it stands in ("4-floor building · Ruikangli Community Grid 4"), not its id; the id when nothing else is known.
 */
function unnamedBuilding(data: CityData, lang: Lang, b: Building): string {
  const cell = b.gridId ? data.cellById.get(b.gridId) : undefined;
  const cellName = cell ? localName(cell, lang) : undefined;
  if (!cellName) return b.id;
  const what = b.floors
    ? lang === 'zh'
      ? `${b.floors}层建筑`
      : `${b.floors}-floor building`
    : lang === 'zh'
      ? '建筑'
      : 'Building';
  return `${what} · ${cellName}`;
}

/**
 * An element of the city in words, in the reader's language: a building by name or address, a pipe or node by its
 * utility, kind and road (`Water supply · valve · 世纪大道`), a sensor by name, a grid cell by name. Null when the
 * city data does not know it (the caller shows what it has).
 */
export function elementName(data: CityData, selection: Selection, lang: Lang): string | null {
  switch (selection.type) {
    case 'building': {
      const b = data.buildingById.get(selection.id);
      return b ? (localName(b, lang) ?? formatAddress(b) ?? unnamedBuilding(data, lang, b)) : null;
    }
    case 'link': {
      const l = data.linkById.get(selection.id);
      return l ? `${translate(lang, `utility.${l.utility}`)} · ${linkLabel(lang, l)}` : null;
    }
    case 'node': {
      const n = data.nodeById.get(selection.id);
      return n ? `${translate(lang, `utility.${n.utility}`)} · ${nodeLabel(lang, n, data)}` : null;
    }
    case 'sensor': {
      const s = data.sensorById.get(selection.id);
      return s ? sensorName(lang, s) : null;
    }
    case 'grid': {
      const g = data.cellById.get(selection.id);
      return g ? (localName(g, lang) ?? null) : null;
    }
  }
}
