import type { SqlExecutor } from '../../store/sql-client.js';

/** A stored simulation run. */
export interface SimulationRecord {
  id: string;
  cityId: string;
  kind: 'burst' | 'storm' | 'gas-leak';
  createdAt: number;
  request: unknown;
  result: unknown;
}

/** Where simulation runs are kept. */
export interface SimulationResultStore {
  save(record: SimulationRecord): Promise<void>;
  get(id: string): Promise<SimulationRecord | null>;
}

/** Keeps runs in the database (table `simulations`, migration 300). */
export class SqlSimulationResultStore implements SimulationResultStore {
  constructor(private readonly db: SqlExecutor) {}

  async save(r: SimulationRecord): Promise<void> {
    await this.db.query(
      'INSERT INTO simulations (id, city_id, kind, created_at, request, result) VALUES ($1, $2, $3, to_timestamp($4 / 1000.0), $5, $6)',
      [r.id, r.cityId, r.kind, r.createdAt, JSON.stringify(r.request), JSON.stringify(r.result)],
    );
  }

  async get(id: string): Promise<SimulationRecord | null> {
    const rows = await this.db.query<{
      id: string;
      city_id: string;
      kind: SimulationRecord['kind'];
      created_ms: number | string;
      request: unknown;
      result: unknown;
    }>(
      'SELECT id, city_id, kind, (extract(epoch from created_at) * 1000)::bigint AS created_ms, request, result FROM simulations WHERE id = $1',
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
    return {
      id: row.id,
      cityId: row.city_id,
      kind: row.kind,
      createdAt: Number(row.created_ms),
      request: parse(row.request),
      result: parse(row.result),
    };
  }
}

/** Keeps runs in memory (a server without database access for simulations; tests). Oldest dropped past `capacity`. */
export class MemorySimulationResultStore implements SimulationResultStore {
  private readonly records = new Map<string, SimulationRecord>();
  constructor(private readonly capacity = 200) {}

  async save(r: SimulationRecord): Promise<void> {
    this.records.set(r.id, structuredClone(r));
    while (this.records.size > this.capacity) this.records.delete(this.records.keys().next().value!);
  }

  async get(id: string): Promise<SimulationRecord | null> {
    const r = this.records.get(id);
    return r ? structuredClone(r) : null;
  }
}
