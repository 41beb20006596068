// docker-compose.yml and the Dockerfile, checked against the code (Docker does not run here): the app's services get
// every variable lib/config.ts needs in production and no secret default, images are pinned, ports, healthchecks and
// start order are in place, and the Temporal setup registers the search attributes the workflows use.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SEARCH_ATTRIBUTE_KEYS } from '../domain/contracts';
import { CLUSTER_SETTINGS } from '../lib/cluster-settings';
import { CONFIG_VARIABLES, SECRET_VARIABLES, loadConfig } from '../lib/config';
import { newPayloadKey } from '../lib/payload-codec';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const { services } = compose;
const packageVersion = JSON.parse(read('package.json')).version as string;

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  command?: string[] | string;
}

/** What `docker compose` would pass, with the operator's secrets (required variables) filled in. */
const operatorEnv: Record<string, string> = {
  POSTGRES_PASSWORD: 'a1b2c3d4e5f6a1b2c3d4e5f6',
  SESSION_SECRET: 'x'.repeat(48),
  PAYLOAD_ENCRYPTION_KEYS: `${newPayloadKey('k2')},${newPayloadKey('k1')}`,
  CODEC_AUTH_TOKEN: 'y'.repeat(40),
  WORKFLOW_ID_KEY: Buffer.alloc(32, 7).toString('base64'),
};
function interpolate(value: string, env: Record<string, string> = operatorEnv): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) => {
    if (env[name] !== undefined) return env[name]!;
    if (kind === '-') return rest ?? '';
    throw new Error(`\${${name}} is required by the compose file and was not provided`);
  });
}
const environmentOf = (service: string, env = operatorEnv) =>
  Object.fromEntries(
    Object.entries(services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]),
  );

const APP_SERVICES = ['web', 'worker'] as const;

describe('the app services (web, worker)', () => {
  test.each(APP_SERVICES)(
    '%s gets a valid production configuration from lib/config.ts, with the right role',
    (name) => {
      const env = environmentOf(name);
      for (const key of Object.keys(env)) expect(CONFIG_VARIABLES).toContain(key);
      const config = loadConfig(env);
      expect(config.role).toBe(name);
      expect(config.production).toBe(true);
      // Nothing falls back to an embedded server or a mail folder.
      expect(new URL(config.databaseUrl!).hostname).toBe('postgres');
      expect(config.temporal.address).toBe('temporal:7233');
      expect(new URL(config.mail.smtpUrl!).host).toBe('mailpit:1025');
      expect(config.payloadEncryptionKeys).toBe(operatorEnv.PAYLOAD_ENCRYPTION_KEYS);
      expect(config.seedDemoData).toBe(false);
    },
  );

  test.each(APP_SERVICES)('%s: removing any variable production requires makes the configuration fail', (name) => {
    const env = environmentOf(name);
    const required = ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'PUBLIC_URL', 'SMTP_URL', 'PAYLOAD_ENCRYPTION_KEYS'];
    if (name === 'web') required.push('SESSION_SECRET', 'WORKFLOW_ID_KEY');
    for (const variable of required) {
      const { [variable]: _removed, ...rest } = env;
      expect(() => loadConfig(rest)).toThrow(`${variable}: required when NODE_ENV=production`);
    }
  });

  test('no secret has a default: each comes from a required variable of the operator', () => {
    for (const match of composeText.matchAll(/\$\{(\w+)(:[?-])?/g)) {
      const [, name, kind] = match;
      if (SECRET_VARIABLES.includes(name!) || /PASSWORD|SECRET|TOKEN|KEY/.test(name!))
        expect([name, kind]).toEqual([name, ':?']);
    }
    for (const name of APP_SERVICES) {
      const raw = services[name]!.environment!;
      for (const variable of SECRET_VARIABLES.filter((v) => raw[v] !== undefined)) {
        // With other secrets supplied, the value changes: it holds no literal secret of its own.
        const other = Object.fromEntries(Object.keys(operatorEnv).map((k) => [k, `${operatorEnv[k]}-other`]));
        const url = /^\w+:\/\//.test(raw[variable]!) ? new URL(interpolate(raw[variable]!)) : undefined;
        if (url && !url.password) continue;
        expect(interpolate(raw[variable]!, other)).not.toBe(interpolate(raw[variable]!));
      }
    }
    expect(() => loadConfig(environmentOf('web', { ...operatorEnv, SESSION_SECRET: 'short' }))).toThrow(
      'SESSION_SECRET',
    );
  });

  test('one image built from this repository; the web publishes its port, workers publish none (they scale)', () => {
    const config = loadConfig(environmentOf('web'));
    for (const name of APP_SERVICES) {
      expect(services[name]!.build).toBe('.');
      expect(services[name]!.image).toBe(`traces-onboarding:${packageVersion}`);
      expect(JSON.stringify(services[name]!.healthcheck!.test)).toContain(`127.0.0.1:${config.port}/health`);
    }
    expect(services.web!.ports).toContain(`${config.port}:${config.port}`);
    expect(services.worker!.ports).toBeUndefined();
  });

  test('start order: infrastructure healthy, Temporal set up, the web (migrations, seed) before the workers', () => {
    expect(services.web!.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      'temporal-init': { condition: 'service_completed_successfully' },
      mailpit: { condition: 'service_healthy' },
    });
    expect(services.worker!.depends_on).toMatchObject({ web: { condition: 'service_healthy' } });
    expect(services.temporal!.depends_on).toEqual({
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
    expect(services['temporal-init']!.depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency]).toBeDefined();
        const oneShot = services[dependency]!.restart === 'no';
        expect([name, dependency, condition]).toEqual([
          name,
          dependency,
          oneShot ? 'service_completed_successfully' : 'service_healthy',
        ]);
        if (!oneShot) expect(services[dependency]!.healthcheck).toBeDefined();
      }
    }
  });
});

describe('the infrastructure services', () => {
  test('official images, each pinned to a version (no latest, no bare major)', () => {
    const official = ['postgres', 'temporalio/admin-tools', 'temporalio/server', 'temporalio/ui', 'axllent/mailpit'];
    for (const [name, service] of Object.entries(services)) {
      if (service.build) continue;
      const [repository, tag] = service.image!.split(':');
      expect([name, official.includes(repository!)]).toEqual([name, true]);
      expect([name, tag]).toEqual([name, expect.stringMatching(/^v?\d+\.\d+/)]);
    }
  });

  test('ports for the API, Temporal UI and the mail catcher; healthchecks on every long-running service', () => {
    expect(services['temporal-ui']!.ports).toContain('8080:8080');
    expect(services.mailpit!.ports).toContain('8025:8025');
    for (const [name, service] of Object.entries(services)) {
      if (service.restart === 'no' || name === 'temporal-ui') continue;
      expect([name, service.healthcheck?.test]).toEqual([name, expect.anything()]);
    }
  });

  test('Temporal runs on the same PostgreSQL and registers every search attribute the workflows set', () => {
    expect(environmentOf('temporal')).toMatchObject({
      DB: 'postgres12',
      POSTGRES_SEEDS: 'postgres',
      POSTGRES_USER: 'traces',
    });
    const schema = String(services['temporal-schema']!.command);
    expect(schema).toContain('postgresql/v12/temporal/versioned');
    expect(schema).toContain('postgresql/v12/visibility/versioned');
    const init = String(services['temporal-init']!.command);
    const names = /for name in ([^;]+);/.exec(init)![1]!.trim().split(/\s+/);
    expect(names.sort()).toEqual(SEARCH_ATTRIBUTE_KEYS.map((key) => key.name).sort());
    expect(SEARCH_ATTRIBUTE_KEYS.every((key) => key.type === 'KEYWORD')).toBe(true);
    expect(init).toContain('--type Keyword');
  });

  test("Temporal UI decodes through the web service's codec endpoint, which allows the UI's origin", () => {
    const ui = environmentOf('temporal-ui');
    const web = loadConfig(environmentOf('web'));
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe(`${web.publicUrl}/admin/codec`);
    expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
    expect(web.codec.corsOrigins).toContain('http://localhost:8080');
    expect(web.codec.authToken).toBe(operatorEnv.CODEC_AUTH_TOKEN);
  });
});

describe('docker compose and npm run cluster (lib/cluster-settings.ts) run the same Temporal', () => {
  const tagOf = (service: string) => services[service]!.image!.split(':')[1]!;

  test('the same server, schema tool and UI versions', () => {
    expect(tagOf('temporal')).toBe(CLUSTER_SETTINGS.temporalServerVersion);
    expect(tagOf('temporal-schema')).toMatch(
      new RegExp(`^${CLUSTER_SETTINGS.temporalServerVersion.replace(/\./g, '\\.')}-`),
    );
    expect(tagOf('temporal-init')).toBe(tagOf('temporal-schema'));
    expect(tagOf('temporal-ui')).toBe(CLUSTER_SETTINGS.uiServerVersion);
  });

  test('the same number of history shards, SQL plugin family, databases and namespace retention', () => {
    const temporal = environmentOf('temporal');
    expect(Number(temporal.NUM_HISTORY_SHARDS)).toBe(CLUSTER_SETTINGS.historyShards);
    // postgres12 and postgres12_pgx are two drivers of the same plugin and schema (postgresql/v12).
    expect(CLUSTER_SETTINGS.sqlPlugin.startsWith(temporal.DB!)).toBe(true);
    const schema = String(services['temporal-schema']!.command);
    expect(schema).toContain(
      `for db in ${CLUSTER_SETTINGS.databases.temporal} ${CLUSTER_SETTINGS.databases.visibility};`,
    );
    const init = String(services['temporal-init']!.command);
    expect(init).toContain(`--retention ${CLUSTER_SETTINGS.namespaceRetention}`);
  });

  test('the same ports for the frontend, Temporal UI and the web server', () => {
    expect(services.temporal!.ports).toContain(`127.0.0.1:${CLUSTER_SETTINGS.frontendPort}:7233`);
    expect(services['temporal-ui']!.ports).toContain(`${CLUSTER_SETTINGS.uiPort}:8080`);
    expect(services.web!.ports).toContain(`${CLUSTER_SETTINGS.webPort}:3000`);
    expect(environmentOf('temporal-ui').TEMPORAL_CODEC_ENDPOINT).toBe(
      `http://localhost:${CLUSTER_SETTINGS.webPort}/admin/codec`,
    );
  });
});

describe('the Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  test('multi-stage on a pinned Node image; the last stage runs as a non-root user with production dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20\.\d+\.\d+-bookworm-slim$/m);
    expect(dockerfile).toContain('npm ci --omit=dev');
    const last = stages.at(-1)!;
    expect(last).toMatch(/^USER node$/m);
    expect(last).not.toMatch(/npm (ci|install)(?!.*--omit=dev)/);
    expect(last).toMatch(/^ENV NODE_ENV=production/m);
  });

  test('the workflow bundle is built at image build time and handed to the worker', () => {
    const built = /build-workflow-bundle\.ts (\S+)/.exec(dockerfile);
    expect(built).not.toBeNull();
    expect(dockerfile).toContain(`WORKFLOW_BUNDLE_PATH=/app/${built![1]}`);
    expect(fs.existsSync(path.join(ROOT, 'scripts', 'build-workflow-bundle.ts'))).toBe(true);
    expect(dockerfile).toMatch(/^CMD \["node", "--import", "tsx", "scripts\/start\.ts"\]$/m);
  });

  test('.dockerignore keeps local data, secrets and dependencies out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', '.data', '.env', '.git', 'dist']) expect(ignored).toContain(entry);
  });
});
