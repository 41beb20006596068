// Brings up what the app needs: PostgreSQL (given or embedded) migrated and seeded, Temporal (given or dev server).
// The seed is the caller's (scripts/start.ts passes prisma/seed.ts): lib/ imports nothing above it.
import { createDb, type Db } from './db';
import { startLocalPostgres } from './local-postgres';
import { startLocalTemporal } from './local-temporal';
import { migrateDatabase } from './migrate';

export interface InfrastructureOptions {
  databaseUrl?: string;
  temporalAddress?: string;
  namespace: string;
  dataDir: string;
  postgresPort: number;
  temporalPort: number;
  /** Omit for no Web UI. */
  temporalUiPort?: number;
  /** Temporal UI's remote codec endpoint. */
  temporalUiCodecEndpoint?: string;
  temporalCliPath?: string;
  log: (line: string) => void;
  /** Idempotent reference data, written after the migrations on every start (prisma/seed.ts: seedReferenceData). */
  seed: (db: Db) => Promise<void>;
}

export interface Infrastructure {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  stop(): Promise<void>;
}

export async function startInfrastructure(options: InfrastructureOptions): Promise<Infrastructure> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse())
      await s().catch((error) => options.log(`stop failed: ${(error as Error).message}`));
  };
  try {
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      options.log(`Starting embedded PostgreSQL (data in ${options.dataDir}/postgres) …`);
      const pg = await startLocalPostgres({ dataDir: options.dataDir, port: options.postgresPort });
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    const temporalPromise = options.temporalAddress
      ? Promise.resolve({ address: options.temporalAddress, uiUrl: undefined, stop: async () => undefined })
      : startLocalTemporal({
          dataDir: options.dataDir,
          port: options.temporalPort,
          uiPort: options.temporalUiPort,
          uiCodecEndpoint: options.temporalUiCodecEndpoint,
          namespace: options.namespace,
          cliPath: options.temporalCliPath,
          log: options.log,
        });
    await migrateDatabase(databaseUrl);
    const db = createDb(databaseUrl, { poolSize: 2 });
    try {
      await options.seed(db);
    } finally {
      await db.$disconnect();
    }
    const temporal = await temporalPromise;
    stops.push(temporal.stop);
    return { databaseUrl, temporalAddress: temporal.address, temporalUiUrl: temporal.uiUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
