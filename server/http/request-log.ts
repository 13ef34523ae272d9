import { randomUUID } from 'node:crypto';
import type { RequestHandler, Request } from 'express';
import type { Logger } from 'pino';

const ids = new WeakMap<Request, string>();

/** An `X-Request-Id` a proxy set is kept when it looks like an id; anything else gets a new one (no log injection). */
const GOOD_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request's id (X-Request-Id in and out), for error logs and answers. */
export function requestIdOf(req: Request): string {
  return ids.get(req) ?? '-';
}

/**
 * Gives every request an id (echoed as `X-Request-Id`) and logs one structured line when it ends: method, path (no
 * query: it may carry a token), status, duration. 5xx at error, 4xx at info, the rest at debug, so `LOG_LEVEL=info`
 * keeps a busy server's log to what needs reading.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given !== undefined && GOOD_ID.test(given) ? given : randomUUID();
    ids.set(req, id);
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        reqId: id,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      if (res.statusCode >= 500) logger.error(line, 'request failed');
      else if (res.statusCode >= 400) logger.info(line, 'request refused');
      else logger.debug(line, 'request');
    });
    next();
  };
}
