import type { NetworkLink, NetworkNode } from '../model/index.js';

/**
 * The EPANET ids of a network's nodes and links, as tiles/export's `writeInp` writes them and the hydraulic runner
 * reads them back (one rule in one place): an imported network keeps its source ids when all are present and unique;
 * otherwise model ids with blanks, `;` and
 * `"` replaced by `_`, and `N<k>` / `L<k>` (1-based position) for ids over 31 characters or repeated.
 */
export function epanetIdsOf(
  nodes: readonly NetworkNode[],
  links: readonly NetworkLink[],
  imported: boolean,
): { node: Map<string, string>; link: Map<string, string> } {
  const make = (items: readonly (NetworkNode | NetworkLink)[], letter: string): Map<string, string> => {
    const sources = items.map((i) => i.provenance.sourceId);
    const useSource = imported && sources.every((s) => s) && new Set(sources).size === sources.length;
    const out = new Map<string, string>();
    const used = new Set<string>();
    items.forEach((item, index) => {
      let id = useSource ? item.provenance.sourceId! : item.id.replace(/[\s;"]+/g, '_');
      // EPANET ids hold at most 31 characters and must be unique.
      if (id.length > 31 || used.has(id)) id = `${letter}${index + 1}`;
      used.add(id);
      out.set(item.id, id);
    });
    return out;
  };
  return { node: make(nodes, 'N'), link: make(links, 'L') };
}
