// What the API's error handler answers for an error, through a real Express app on a free port.
import express from 'express';
import { errorHandler } from '../../api/errors';
import { createLogger } from '../../lib/logger';

export async function errorAnswer(
  error: unknown,
): Promise<{ status: number; retryAfter: string | null; code: string }> {
  const app = express();
  app.get('/', (_req, _res, next) => next(error));
  app.use(errorHandler(createLogger('error')));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
    const body = (await response.json()) as { error: { code: string } };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.error.code };
  } finally {
    server.close();
  }
}
