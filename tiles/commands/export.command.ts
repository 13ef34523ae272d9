import fs from 'node:fs';
import type { CityStore } from '../../store/index.js';
import { writeInp } from '../export/epanet-inp-writer.js';
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
  const networks = (await io.store.getCity(city)) ? await io.store.listNetworks(city) : null;
  if (!networks) {
    io.log(`error: no city "${city}"`);
    return 1;
  }
  const net = networks.find((n) => n.id === network);
  if (!net) {
    io.log(
      `error: city ${city} has no network "${network}" (it has: ${networks.map((n) => n.id).join(', ') || 'none'})`,
    );
    return 1;
  }
  if (net.utility !== 'water') {
    io.log(`error: network ${network} is ${net.utility}; EPANET export is for water networks`);
    return 1;
  }
  const nodes = (await io.store.listNodes(city, { networkId: net.id })).items;
  const links = (await io.store.listLinks(city, { networkId: net.id })).items;
  const text = writeInp(net, nodes, links);
  if (out) {
    fs.writeFileSync(out, text);
    io.log(`wrote ${out}: ${nodes.length} nodes, ${links.length} links`);
  } else io.log(text);
  return 0;
}
