import type { IngestStatsAnswer, IngestStatsSnapshot } from '../../core/contracts/ingest-stats.js';

export type { IngestStatsAnswer };

/** The ingest counters of the bridge running in this process (if any). */
export class IngestService {
  constructor(private readonly source: (() => { transport: string; stats: IngestStatsSnapshot }) | null) {}

  stats(): IngestStatsAnswer {
    if (this.source === null) {
      return {
        bridge: 'elsewhere',
        message: 'no bridge runs in this server process (started with --server-only or npm run bridge elsewhere)',
      };
    }
    const { transport, stats } = this.source();
    return { bridge: 'in-process', transport, ...stats };
  }
}
