// Temporal's time-skipping test server for the unit layer: the Java one (io.temporal:temporal-test-server) from Maven
// Central, fetched with its dependencies once into a cache outside the repository, and started by a launcher script
// that TestWorkflowEnvironment.createTimeSkipping runs as an existing path. The SDK's own download cannot work here;
// docs/architecture.md says why this server was chosen.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const JAVA_TEST_SERVER_VERSION = '1.31.0';

/** Where the jars and the launcher are kept between clones and CI runs. */
export function javaTestServerCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'traces-onboarding', 'temporal-test-server', JAVA_TEST_SERVER_VERSION);
}

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.traces</groupId>
  <artifactId>temporal-test-server-launcher</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${JAVA_TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

// The SDK runs the executable with the port as its first argument (and any extra arguments after it).
const LAUNCHER = `#!/bin/sh
DIR="$(cd "$(dirname "$0")" && pwd)"
exec java -Xss4m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$DIR/lib/*" io.temporal.testserver.TestServer "$@"
`;

/**
 * The launcher's path: TEMPORAL_TEST_SERVER_PATH, else the cache, else fetched once with Maven into the cache.
 * Throws when neither Java nor Maven is there (both are on the project's machines).
 */
export function resolveJavaTestServer(log: (line: string) => void = () => undefined): string {
  const explicit = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`TEMPORAL_TEST_SERVER_PATH does not exist: ${explicit}`);
    return explicit;
  }
  const dir = javaTestServerCacheDir();
  const launcher = path.join(dir, 'temporal-test-server');
  if (fs.existsSync(launcher)) return launcher;
  for (const tool of ['java', 'mvn']) {
    if (!spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim()) {
      throw new Error(`${tool} is needed once to fetch Temporal's Java test server into ${dir}`);
    }
  }
  log(`Fetching Temporal's Java test server ${JAVA_TEST_SERVER_VERSION} once with Maven into ${dir} …`);
  // Built in a scratch folder and renamed, so that two runs fetching at once never see half a cache.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const scratch = fs.mkdtempSync(`${dir}.partial-`);
  fs.writeFileSync(path.join(scratch, 'pom.xml'), POM);
  execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', '-DoutputDirectory=lib'], {
    cwd: scratch,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  fs.writeFileSync(path.join(scratch, 'temporal-test-server'), LAUNCHER, { mode: 0o755 });
  try {
    fs.renameSync(scratch, dir);
  } catch (error) {
    // Another run finished first: keep its copy.
    fs.rmSync(scratch, { recursive: true, force: true });
    if (!fs.existsSync(launcher)) throw error;
  }
  return launcher;
}

if (require.main === module) {
  process.stdout.write(`${resolveJavaTestServer((line) => process.stderr.write(`${line}\n`))}\n`);
}
