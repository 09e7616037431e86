import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** One line per admin request, refused ones included: the admin API changes state, so it is audited. */
export function accessLog(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const started = performance.now();
    response.once('finish', () => {
      logger.info(
        {
          method: request.method,
          url: request.originalUrl,
          status: response.statusCode,
          ms: Math.round(performance.now() - started),
          remote: request.socket.remoteAddress,
        },
        'admin request',
      );
    });
    next();
  };
}
