import { migration001 } from './001-city-tables.js';
import { migration100 } from './100-readings-alerts-devices.js';
import { migration101 } from './101-imported-history.js';
import { migration102 } from './102-readings-partitions.js';
import { migration200 } from './200-users-and-tokens.js';
import { migration201 } from './201-events.js';
import { migration300 } from './300-simulations.js';
import { migration400 } from './400-audit-log.js';
import { migration410 } from './410-registry-revisions.js';
import { migration420 } from './420-unused-network-indexes.js';
import { migration430 } from './430-networks-as-imported.js';

/** One schema change: applied once, in `version` order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, oldest first. Append new ones; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration100,
  migration101,
  migration102,
  migration200,
  migration201,
  migration300,
  migration400,
  migration410,
  migration420,
  migration430,
];
