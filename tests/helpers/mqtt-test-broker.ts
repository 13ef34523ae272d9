import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { describe, it } from 'vitest';
import { freePort } from './spawn-process.js';

/** The external MQTT broker integration tests use (Mosquitto), from TEST_MQTT_URL (unset: those tests are skipped). */
export const TEST_MQTT_URL = process.env.TEST_MQTT_URL || undefined;

/**
 * `describe` for tests that need an external broker. Without TEST_MQTT_URL the suite is skipped with a warning naming
 * the variable, unless REQUIRE_SERVICES=1, in which case it fails (same rule as describePostgres).
 */
export function describeMqtt(name: string, body: (url: string) => void): void {
  if (TEST_MQTT_URL !== undefined) {
    describe(name, () => body(TEST_MQTT_URL));
    return;
  }
  if (process.env.REQUIRE_SERVICES === '1') {
    describe(name, () => {
      it('has an MQTT broker to run against', () => {
        throw new Error('REQUIRE_SERVICES=1 but TEST_MQTT_URL is not set (e.g. mqtt://127.0.0.1:1883)');
      });
    });
    return;
  }
  console.warn(`${name}: skipped, set TEST_MQTT_URL (e.g. mqtt://127.0.0.1:1883, a Mosquitto) to run it`);
  describe.skipIf(true)(name, () => body(''));
}

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';
export const hasMosquitto = (): boolean => fs.existsSync(MOSQUITTO_BIN);

/** A private Mosquitto on a free port, with persistence, that a test may stop and start again. */
export interface PrivateMosquitto {
  url: string;
  port: number;
  start(): Promise<void>;
  /** SIGTERM (Mosquitto saves its persistence file) or SIGKILL. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  cleanup(): Promise<void>;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > end) reject(new Error(`mosquitto did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Starts `mosquitto -c <conf>` listening on 127.0.0.1:<free port> (anonymous, persistence in a temp dir). With
 * `config` (the text of a configuration such as docs/deploy/mosquitto.conf), that configuration is used with its
 * listener, password file, persistence location and logging replaced by the test's own.
 */
export async function startPrivateMosquitto(options: { config?: string } = {}): Promise<PrivateMosquitto> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  const own = [
    // Started as root, Mosquitto drops to user "mosquitto", which cannot write our temp dir: stay who we are.
    `user ${os.userInfo().username}`,
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    `persistence_location ${dir}/`,
    'log_dest none',
  ];
  const replaced = /^\s*(listener|allow_anonymous|password_file|persistence_location|log_dest|log_type|user)\b/;
  const body =
    options.config === undefined
      ? [...own, 'persistence true', 'max_queued_messages 100000', 'max_inflight_messages 100']
      : [...options.config.split('\n').filter((line) => !replaced.test(line)), ...own];
  fs.writeFileSync(conf, [...body, ''].join('\n'));
  let child: ChildProcess | null = null;
  const broker: PrivateMosquitto = {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: 'ignore' });
      await waitForPort(port, 5000);
    },
    async stop(signal = 'SIGTERM') {
      const c = child;
      child = null;
      if (c && c.exitCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill(signal);
        await exited;
      }
    },
    async cleanup() {
      await broker.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}
