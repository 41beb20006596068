// The API's error handler decides between "try again shortly" (503) and "our fault" (500): what an outage looks like.
import express from 'express';
import { errorHandler } from '../../api/errors';
import { createLogger } from '../../lib/logger';

async function answerFor(error: unknown): Promise<{ status: number; retryAfter: string | null; code: string }> {
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

describe('error handler', () => {
  test('PostgreSQL shutting down under an open transaction (57P01 on the adapter error) is a 503 with Retry-After', async () => {
    // The shape @prisma/adapter-pg throws (seen in test/faults/postgres-outage): PostgreSQL's code sits on `cause`.
    const error = Object.assign(new Error('terminating connection due to administrator command'), {
      name: 'DriverAdapterError',
      cause: { kind: 'postgres', originalCode: '57P01', originalMessage: 'terminating connection' },
    });
    expect(await answerFor(error)).toEqual({ status: 503, retryAfter: '5', code: 'SERVICE_UNAVAILABLE' });
  });

  test('a PostgreSQL shutdown code on the cause alone is a 503', async () => {
    const error = Object.assign(new Error('FATAL'), { cause: { kind: 'postgres', originalCode: '57P03' } });
    expect((await answerFor(error)).status).toBe(503);
  });

  test('a connection refused inside a cause chain is a 503', async () => {
    const error = new Error('query failed', {
      cause: Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }),
    });
    expect((await answerFor(error)).status).toBe(503);
  });

  test('a programming error is a 500 without details', async () => {
    expect(await answerFor(new TypeError('x is undefined'))).toEqual({
      status: 500,
      retryAfter: null,
      code: 'INTERNAL',
    });
  });
});
