import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ApiError } from '../errors.js';
import type { ComputeTaskInput, ComputeTaskKind, ComputeTaskOutput } from './compute-tasks.js';

/** How the pool is sized and bounded. */
export interface ComputePoolOptions {
  /**
   * Worker threads. 0 runs every task on the calling thread (no isolation: for measuring, and for hosts without
   * worker threads). @default availableParallelism() - 1, at least 1 (one core stays with the API and the ingest)
   */
  workers?: number;
  /** Tasks that may wait for a worker; one more is refused with {@link ComputeBusyError} (503). @default 8 */
  queueLimit?: number;
  /** A task running longer is stopped (its worker is replaced) and rejected. @default 120 000 ms */
  taskTimeoutMs?: number;
}

/** The pool's counters, for health and benchmarks. */
export interface ComputePoolStats {
  workers: number;
  busy: number;
  queued: number;
  queueLimit: number;
  completed: number;
  failed: number;
  rejected: number;
}

/** 503 with Retry-After: the compute queue is full. */
export class ComputeBusyError extends ApiError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('GT_ERR_COMPUTE_BUSY', message);
  }
}

/** The default size: every core but one, at least one. */
export function defaultComputeWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

interface Job {
  id: number;
  kind: ComputeTaskKind;
  input: unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** The worker loaded its modules (its first task waits for that; the timeout counts the computation only). */
  ready: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  startedAt: number;
}

interface WorkerReply {
  ready?: true;
  id: number;
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string; stack?: string };
}

/** An error from a worker, rebuilt with its class where the caller branches on it (RangeError = bad input). */
function errorFromWorker(e: NonNullable<WorkerReply['error']>): Error {
  const error = e.name === 'RangeError' ? new RangeError(e.message) : new Error(e.message);
  if (e.stack) error.stack = e.stack;
  return error;
}

const WORKER_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const WORKER_URL = new URL(`./compute-worker${WORKER_EXT}`, import.meta.url).href;
const TSX_API = WORKER_EXT === '.ts' ? import.meta.resolve('tsx/esm/api') : null;

/**
 * Boots a worker on the TypeScript sources: workers do not get tsx's loader from the parent (under `tsx` the worker
 * would load the .ts entry with Node's own type stripping, which cannot resolve the sources' `.js` import specifiers),
 * so the worker registers it before importing its entry, under tsx, vitest or plain node alike. A plain CommonJS eval
 * script, like the SWMM worker's, so it needs no loader to start.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(workerData.tsxApi ? import(workerData.tsxApi).then((m) => m.register()) : Promise.resolve())
  .then(() => import(workerData.url))
  .catch((e) => { setImmediate(() => { throw e; }); });
`;

/**
 * A small pool of worker threads for the server's heavy computations (EPANET, gas plume, storm routing), so a run
 * of seconds never stalls the API and the MQTT ingest on the main thread. Tasks beyond the workers wait in a bounded
 * queue; when it is full a task is refused at once with a 503 and a Retry-After estimated from recent run times,
 * rather than piling up work no client will wait for. Workers start on first use and are unref'd while idle, so an
 * idle pool never keeps the process alive.
 */
export class ComputePool {
  readonly size: number;
  readonly queueLimit: number;
  private readonly timeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private inlineBusy = 0;
  /** Mean run time of recent tasks (exponential average), for Retry-After. */
  private meanRunMs = 1000;
  private readonly counters = { completed: 0, failed: 0, rejected: 0 };

  constructor(options: ComputePoolOptions = {}) {
    this.size = Math.max(0, Math.floor(options.workers ?? defaultComputeWorkers()));
    this.queueLimit = Math.max(0, Math.floor(options.queueLimit ?? 8));
    this.timeoutMs = options.taskTimeoutMs ?? 120_000;
  }

  /** Runs a task of {@link COMPUTE_TASKS} on a worker; rejects with ComputeBusyError when the queue is full. */
  run<K extends ComputeTaskKind>(kind: K, input: ComputeTaskInput<K>): Promise<ComputeTaskOutput<K>> {
    if (this.closed) return Promise.reject(new Error('the compute pool is closed'));
    if (this.size === 0) return this.runInline(kind, input);
    const idle = this.idleSlot();
    if (!idle && this.queue.length >= this.queueLimit) {
      this.counters.rejected++;
      return Promise.reject(this.busyError());
    }
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, kind, input, resolve: resolve as (v: unknown) => void, reject };
      if (idle) this.start(idle, job);
      else this.queue.push(job);
    });
  }

  stats(): ComputePoolStats {
    return {
      workers: this.size,
      busy: this.size === 0 ? this.inlineBusy : this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
      queueLimit: this.queueLimit,
      ...this.counters,
    };
  }

  /** Stops the workers; queued and running tasks are rejected. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('the compute pool is closing');
    for (const job of this.queue.splice(0)) job.reject(error);
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(error);
        return slot.worker.terminate();
      }),
    );
  }

  private busyError(): ComputeBusyError {
    // Everything queued must pass through the workers before a new task could start.
    const waitMs = ((this.queue.length + this.size) * this.meanRunMs) / Math.max(1, this.size);
    const seconds = Math.max(1, Math.min(600, Math.ceil(waitMs / 1000)));
    return new ComputeBusyError(
      `the simulation queue is full (${this.size} worker(s) busy, ${this.queue.length} waiting); try again in ${seconds} s`,
      seconds,
    );
  }

  private async runInline<K extends ComputeTaskKind>(
    kind: K,
    input: ComputeTaskInput<K>,
  ): Promise<ComputeTaskOutput<K>> {
    const { COMPUTE_TASKS } = await import('./compute-tasks.js');
    const task = COMPUTE_TASKS[kind] as (
      i: ComputeTaskInput<K>,
    ) => ComputeTaskOutput<K> | Promise<ComputeTaskOutput<K>>;
    this.inlineBusy++;
    try {
      return await task(input);
    } finally {
      this.inlineBusy--;
    }
  }

  /** A started worker with nothing to do, or a new one while the pool is below its size. */
  private idleSlot(): Slot | undefined {
    const idle = this.slots.find((s) => s.job === null);
    if (idle) return idle;
    if (this.slots.length < this.size) {
      const slot = this.spawn();
      this.slots.push(slot);
      return slot;
    }
    return undefined;
  }

  private spawn(): Slot {
    const worker = new Worker(BOOT, { eval: true, workerData: { url: WORKER_URL, tsxApi: TSX_API } });
    const slot: Slot = { worker, ready: false, job: null, timer: null, startedAt: 0 };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.ready) {
        slot.ready = true;
        if (slot.job) this.dispatch(slot, slot.job);
      } else this.finish(slot, reply);
    });
    // A worker that dies (crash, out of memory, failed boot) fails its task and is replaced on the next demand.
    const lost = (error: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      if (slot.timer) clearTimeout(slot.timer);
      if (slot.job) {
        this.counters.failed++;
        slot.job.reject(error);
        slot.job = null;
      }
      this.drain();
    };
    worker.on('error', (e) => lost(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code) => lost(new Error(`compute worker exited with code ${code}`)));
    worker.unref();
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref();
    if (slot.ready) this.dispatch(slot, job);
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.startedAt = performance.now();
    slot.timer = setTimeout(() => {
      // Out of the pool before terminating, so the exit handler finds nothing to fail again and no task is given
      // to the dying worker; the next task starts a fresh one.
      this.slots.splice(this.slots.indexOf(slot), 1);
      slot.job = null;
      this.counters.failed++;
      job.reject(new Error(`the ${job.kind} computation exceeded ${this.timeoutMs} ms and was stopped`));
      void slot.worker.terminate();
      this.drain();
    }, this.timeoutMs);
    slot.worker.postMessage({ id: job.id, kind: job.kind, input: job.input });
  }

  private finish(slot: Slot, reply: WorkerReply): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.worker.unref();
    this.meanRunMs = 0.7 * this.meanRunMs + 0.3 * (performance.now() - slot.startedAt);
    if (reply.ok) {
      this.counters.completed++;
      job.resolve(reply.value);
    } else {
      this.counters.failed++;
      job.reject(errorFromWorker(reply.error ?? { name: 'Error', message: 'compute worker failed' }));
    }
    this.drain();
  }

  /** Hands queued tasks to idle (or new) workers. */
  private drain(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.idleSlot();
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }
}
