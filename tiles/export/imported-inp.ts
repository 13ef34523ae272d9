import type { Network } from '../../core/model/index.js';
import type { EpanetMetadata } from '../import/epanet-inp-metadata.js';

/** Any line end a .inp file may use. */
export const LINE_END = /\r\n|\n|\r/;

/** `lines` joined with the line end of `source`: a Windows file stays CRLF. */
export function joinLines(lines: readonly string[], source: string): string {
  return lines.join(/\r\n/.test(source) ? '\r\n' : '\n');
}

/**
 * The file an imported network came from, as `writeInp` writes that network while its nodes and links are as
 * imported: every line of the kept source text, joined with the file's own line ends. Null for a network without a
 * kept source text.
 *
 * For a caller that knows the network is unchanged (the store's `networkAsImported`): no row is read, written or
 * compared, and neither the writer nor the importer is loaded (this module imports no code).
 */
export function importedInp(network: Network): string | null {
  const meta = network.metadata.epanet as EpanetMetadata | undefined;
  const text = meta?.format === 'epanet-inp' ? meta.sourceText : undefined;
  return text === undefined ? null : joinLines(text.split(LINE_END), text);
}
