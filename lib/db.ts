// The Prisma client over the pg driver adapter (no Prisma engine binaries).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';

export type Db = PrismaClient;

export function createDb(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  const adapter = releasingLostTransactions(
    new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 }),
  );
  return new PrismaClient({ adapter });
}

/**
 * Prisma ends an interactive transaction by sending COMMIT or ROLLBACK and only then giving its connection back to
 * the pool. When the connection was lost (PostgreSQL stopped or restarted mid-transaction) that statement fails first
 * and the connection is never given back: every outage would shrink the pool for good, until nothing can query
 * (test/faults/postgres-outage.test.ts). Here the connection is given back all the same; the pool drops a dead one.
 */
function releasingLostTransactions(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...args) => {
      const transaction = await startTransaction(...args);
      const executeRaw = transaction.executeRaw.bind(transaction);
      transaction.executeRaw = async (query) => {
        try {
          return await executeRaw(query);
        } catch (error) {
          if (query.sql === 'COMMIT' || query.sql === 'ROLLBACK') await transaction.rollback();
          throw error;
        }
      };
      return transaction;
    };
    return adapter;
  };
  return factory;
}
