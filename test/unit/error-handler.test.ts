// The API's error handler decides between "try again shortly" (503) and "our fault" (500): what an outage looks like.
import { errorAnswer as answerFor } from '../support/error-answer';

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
