import { parentPort } from 'node:worker_threads';
import { COMPUTE_TASKS, type ComputeTaskKind } from './compute-tasks.js';

/** The typed arrays' buffers in a result (EPANET's Float64Arrays), moved to the main thread instead of copied. */
function transferables(value: unknown, depth = 0, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer;
    // Only a view that owns its whole buffer may move it (a subarray shares it with others).
    if (buffer instanceof ArrayBuffer && value.byteLength === buffer.byteLength && !out.includes(buffer))
      out.push(buffer);
  } else if (depth < 3 && value !== null && typeof value === 'object') {
    for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, depth + 1, out);
  }
  return out;
}

/** One compute-pool worker: runs the tasks it is sent, one at a time, and posts each result or error back. */
parentPort!.on('message', (msg: { id: number; kind: ComputeTaskKind; input: never }) => {
  void (async () => {
    try {
      const value: unknown = await COMPUTE_TASKS[msg.kind](msg.input);
      parentPort!.postMessage({ id: msg.id, ok: true, value }, transferables(value));
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      parentPort!.postMessage({ id: msg.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } });
    }
  })();
});

parentPort!.postMessage({ ready: true });
