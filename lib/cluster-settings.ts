// The one home of the production topology's settings: `npm run cluster` (lib/temporal-cluster.ts) runs with them and
// docker-compose.yml states the same (test/deployment-compose.test.ts checks that both agree).

export const CLUSTER_SETTINGS = {
  /** Temporal server and its SQL schema tool (`go install go.temporal.io/server/cmd/...@v<version>`; image tag). */
  temporalServerVersion: '1.29.1',
  /** Temporal UI server (`github.com/temporalio/ui-server/v2/cmd/server`; image temporalio/ui). */
  uiServerVersion: '2.42.1',
  /** Fixed for the life of a cluster: changing it needs a new database. */
  historyShards: 4,
  /** The SQL plugin of the server and of temporal-sql-tool. */
  sqlPlugin: 'postgres12_pgx',
  databases: { temporal: 'temporal', visibility: 'temporal_visibility' },
  /** How long closed workflows stay visible (Temporal's namespace retention). */
  namespaceRetention: '720h',
  /** Where the UI listens and where the web servers listen (web i listens on webPort + i). */
  frontendPort: 7233,
  uiPort: 8080,
  webPort: 3000,
  historyNodes: 2,
  webProcesses: 2,
  workerProcesses: 2,
} as const;

export const TEMPORAL_ROLES = ['frontend', 'matching', 'worker', 'history'] as const;
export type TemporalRole = (typeof TEMPORAL_ROLES)[number];

/** Role numbers of Temporal's cluster_membership table. */
export const MEMBERSHIP_ROLE: Record<TemporalRole, number> = { frontend: 1, history: 2, matching: 3, worker: 4 };

/** Retention as seconds (the gRPC API takes a duration). */
export const retentionSeconds = () => Number(/^(\d+)h$/.exec(CLUSTER_SETTINGS.namespaceRetention)![1]) * 3600;
