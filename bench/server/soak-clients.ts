/**
 * The browsers and API users of the soak benchmark, in a worker thread of the bench process: `clients` live WebSocket
 * clients logged in with a token (each counting its messages; an error or an unexpected close is an error), and API
 * load at `apiRate` requests a second rotating over a sensor's last minute of readings, the open events and the KPIs.
 * Started with the bench thread protocol (ready, 'go'); answers its figures on 'stop'.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

/** What the soak tells the clients thread. */
export interface SoakClientsTask {
  base: string;
  token: string;
  clients: number;
  apiRate: number;
  /** Sensors whose readings the API load asks for. */
  sensorIds: string[];
}

/** What the clients thread answers. */
export interface SoakClientsResult {
  wsOpened: number;
  wsOpenAtEnd: number;
  wsMessages: number;
  wsErrors: string[];
  apiRequests: number;
  apiErrors: string[];
  apiLatenciesMs: number[];
}

async function run(task: SoakClientsTask): Promise<SoakClientsResult> {
  const r: SoakClientsResult = {
    wsOpened: 0,
    wsOpenAtEnd: 0,
    wsMessages: 0,
    wsErrors: [],
    apiRequests: 0,
    apiErrors: [],
    apiLatenciesMs: [],
  };
  const wsUrl = `${task.base.replace(/^http/, 'ws')}/api/live?token=${encodeURIComponent(task.token)}`;
  let stopping = false;
  const sockets: WebSocket[] = [];
  // Opened a few at a time: 200 upgrades at once would measure the login check, not the steady state.
  for (let i = 0; i < task.clients; i++) {
    const ws = new WebSocket(wsUrl);
    sockets.push(ws);
    ws.on('message', () => r.wsMessages++);
    ws.on('error', (err) => r.wsErrors.push(`client ${i}: ${err.message}`));
    ws.on('close', (code) => {
      if (!stopping) r.wsErrors.push(`client ${i} closed by the server (${code})`);
    });
    await new Promise<void>((resolve) => {
      ws.once('open', () => {
        r.wsOpened++;
        resolve();
      });
      ws.once('error', () => resolve());
    });
  }
  parentPort!.postMessage({ ready: true });
  await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
  const paths = () => {
    const now = Date.now();
    const sensor = task.sensorIds[Math.floor(Math.random() * task.sensorIds.length)]!;
    return [`/api/sensors/${sensor}/readings?from=${now - 60_000}&to=${now}`, '/api/events', '/api/kpis'];
  };
  let n = 0,
    inFlight = 0;
  const timer = setInterval(
    () => {
      const path = paths()[n++ % 3]!;
      const t0 = performance.now();
      r.apiRequests++;
      inFlight++;
      fetch(`${task.base}${path}`, { headers: { authorization: `Bearer ${task.token}` } })
        .then(
          async (res) => {
            await res.arrayBuffer();
            r.apiLatenciesMs.push(performance.now() - t0);
            if (!res.ok) r.apiErrors.push(`${res.status} ${path.split('?')[0]}`);
          },
          (err: unknown) => r.apiErrors.push(`${path.split('?')[0]}: ${(err as Error).message}`),
        )
        .finally(() => inFlight--);
    },
    Math.max(1, 1000 / task.apiRate),
  );
  await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()));
  clearInterval(timer);
  stopping = true;
  r.wsOpenAtEnd = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  for (const ws of sockets) ws.terminate();
  // Requests still in flight finish (or fail) before the figures go back.
  const end = Date.now() + 30_000;
  while (inFlight > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  if (inFlight > 0) r.apiErrors.push(`${inFlight} requests unanswered 30 s after the end`);
  return r;
}

run(workerData as SoakClientsTask).then(
  (result) => parentPort!.postMessage({ result }),
  (err: unknown) => parentPort!.postMessage({ error: String((err as Error)?.stack ?? err) }),
);
