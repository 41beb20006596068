// A Temporal dev server of its own for a fault test, in its own process (the SDK's runtime of the test process is
// the test stack's): `tsx test/faults/temporal-process.ts <dataDir> <port>` prints `ready <address>`; SIGTERM stops
// the server (its state stays in <dataDir>/temporal.db) and exits.
import { startLocalTemporal } from '../../lib/local-temporal';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const temporal = await startLocalTemporal({
    dataDir: dataDir!,
    port: Number(port),
    namespace: 'default',
    cliPath: process.env.TEMPORAL_CLI_PATH,
  });
  // The server is a child of the SDK's runtime, which does not keep this process alive by itself.
  const alive = setInterval(() => undefined, 60_000);
  process.on('SIGTERM', () => {
    clearInterval(alive);
    temporal.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.stdout.write(`ready ${temporal.address}\n`);
}

main().catch((error) => {
  process.stderr.write(`temporal failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
