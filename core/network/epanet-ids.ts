import type { NetworkLink, NetworkNode } from '../model/index.js';

/**
 * The EPANET ids of a network's nodes and links, as tiles/export's `writeInp` writes them and the hydraulic runner
 * reads them back (one rule in one place): in an imported network every element keeps its source id when that id is
 * unique (so elements the twin added do not rename the others); other elements get their model id with blanks, `;`
 * and `"` replaced by `_`, or `N<k>` / `L<k>` (1-based position) when that is over 31 characters or taken.
 */
export function epanetIdsOf(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  imported: boolean,
): { node: Map<string, string>; link: Map<string, string> } {
  const make = (items: readonly (NetworkNode | NetworkLink)[], letter: string): Map<string, string> => {
    const counts = new Map<string, number>();
    if (imported)
      for (const i of items) {
        const s = i.provenance.sourceId;
        if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
      }
    const keeps = (item: NetworkNode | NetworkLink): boolean => {
      const s = item.provenance.sourceId;
      return s !== undefined && s.length <= 31 && counts.get(s) === 1;
    };
    // Source ids are reserved first, so a later element's fallback never takes one.
    const used = new Set<string>(items.filter(keeps).map((i) => i.provenance.sourceId!));
    const out = new Map<string, string>();
    items.forEach((item, index) => {
      if (keeps(item)) {
        out.set(item.id, item.provenance.sourceId!);
        return;
      }
      let id = item.id.replace(/[\s;"]+/g, '_');
      if (id.length > 31 || used.has(id)) id = `${letter}${index + 1}`;
      used.add(id);
      out.set(item.id, id);
    });
    return out;
  };
  return { node: make(nodes, 'N'), link: make(links, 'L') };
}
