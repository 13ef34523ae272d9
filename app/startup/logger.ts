import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Config } from '../../core/config/config.js';

/**
 * The process's logger: pino at LOG_LEVEL. JSON lines (one object a line, for log collectors) unless stdout is a
 * terminal, where the same records are printed as `time LEVEL message {fields}` for the person who ran `npm start`.
 * LOG_FORMAT=json or text overrides the choice.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>): Logger {
  const format = config.LOG_FORMAT;
  const text = format === 'text' || (format !== 'json' && process.stdout.isTTY === true);
  const options = { level: config.LOG_LEVEL, base: null };
  return text ? pino(options, textLines()) : pino(options, pino.destination({ dest: 1, sync: true }));
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** pino's JSON records as readable lines (a few lines of code instead of a pretty-printer dependency). */
function textLines(): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const raw of chunk.toString('utf8').split('\n')) {
        if (raw === '') continue;
        try {
          const { level, time, msg, err, ...fields } = JSON.parse(raw) as Record<string, unknown>;
          const when = new Date(Number(time)).toISOString().slice(11, 19);
          const extra = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
          const stack = err && typeof err === 'object' && 'stack' in err ? `\n${String(err.stack)}` : '';
          process.stdout.write(`${when} ${LEVELS[Number(level)] ?? level} ${String(msg ?? '')}${extra}${stack}\n`);
        } catch {
          process.stdout.write(`${raw}\n`);
        }
      }
      done();
    },
  });
}
