import fs from 'node:fs';
import type { CityStore } from '../../store/index.js';
import { importedInp } from '../export/imported-inp.js';
import { parseCommandOptions, type OptionSpecs } from './command-options.js';

export interface ExportCommandIo {
  store: CityStore;
  log: (line: string) => void;
  now: () => number;
}

const USAGE = 'usage: export --city ID --network ID [--format inp] [-o FILE]';

const EXPORT_OPTIONS = {
  city: { type: 'string' },
  network: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const satisfies OptionSpecs;

/**
 * `npm run tiles -- export --city ID --network ID [--format inp] [-o FILE]`: writes a water network as EPANET .inp
 * (to FILE, or to the log when no file is given). Exit code 0, 1 when the city or network is missing, 2 on bad
 * arguments.
 */
export async function runExportCommand(argv: string[], io: ExportCommandIo): Promise<number> {
  const parsed = parseCommandOptions(argv, EXPORT_OPTIONS);
  if (typeof parsed === 'string') {
    io.log(`error: ${parsed}`);
    io.log(USAGE);
    return 2;
  }
  const { city, network, output: out, format = 'inp' } = parsed.values;
  if (!city || !network) {
    io.log('error: --city and --network are required');
    io.log(USAGE);
    return 2;
  }
  if (format !== 'inp') {
    io.log(`error: format "${format}" is not supported (only inp)`);
    return 2;
  }
  // Only the network exported is read (not the whole city): the time follows the network's size alone.
  if (!(await io.store.getCity(city))) {
    io.log(`error: no city "${city}"`);
    return 1;
  }
  const net = await io.store.getNetwork(city, network);
  if (!net) {
    const ids = (await io.store.listNetworks(city)).map((n) => n.id);
    io.log(`error: city ${city} has no network "${network}" (it has: ${ids.join(', ') || 'none'})`);
    return 1;
  }
  if (net.utility !== 'water') {
    io.log(`error: network ${network} is ${net.utility}; EPANET export is for water networks`);
    return 1;
  }
  // A network no write has touched since its import is its file: no row to read, no writer or importer to load.
  const asImported = (await io.store.networkAsImported(city, net.id)) ? importedInp(net) : null;
  let text: string;
  let written: string;
  if (asImported !== null) {
    text = asImported;
    written = `network ${net.id} as imported from ${net.provenance.source}`;
  } else {
    const nodes = (await io.store.listNodes(city, { networkId: net.id })).items;
    const links = (await io.store.listLinks(city, { networkId: net.id })).items;
    text = (await import('../export/epanet-inp-writer.js')).writeInp(net, nodes, links);
    written = `${nodes.length} nodes, ${links.length} links`;
  }
  if (out) {
    fs.writeFileSync(out, text);
    io.log(`wrote ${out}: ${written}`);
  } else io.log(text);
  return 0;
}
