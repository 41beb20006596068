// What the account use-cases need from configuration: the abuse limits, the keyed workflow ids and the link lifetimes.
import type { AppConfig } from './config';
import { createAbuseLimits, type AbuseLimits } from './abuse-limits';
import { defaultLimits, type LimitsConfig } from './abuse-limit-config';
import { createAccountWorkflowIds, type AccountWorkflowIds } from './workflow-ids';
import { parseWorkflowIdKey, readOrCreateLocalWorkflowIdKey } from './workflow-id-key';

export interface AccountDeps {
  limits: AbuseLimits;
  workflowIds: AccountWorkflowIds;
  passwordResetTtlMs: number;
  emailChangeTtlMs: number;
}

export interface AccountDepsOptions {
  databaseUrl: string;
  dataDir: string;
  /** WORKFLOW_ID_KEY; unset → the key file under dataDir. */
  workflowIdKey?: string;
  limits?: Partial<LimitsConfig>;
  passwordResetTtlMs?: number;
  emailChangeTtlMs?: number;
  /** Separates the limiters' counters of deployments (or test stacks) sharing one database. */
  limitKeyPrefix?: string;
}

export function createAccountDeps(o: AccountDepsOptions): AccountDeps {
  const key = o.workflowIdKey ? parseWorkflowIdKey(o.workflowIdKey) : readOrCreateLocalWorkflowIdKey(o.dataDir);
  return {
    limits: createAbuseLimits({
      databaseUrl: o.databaseUrl,
      limits: { ...defaultLimits(), ...o.limits },
      keyPrefix: o.limitKeyPrefix,
    }),
    workflowIds: createAccountWorkflowIds(key),
    passwordResetTtlMs: o.passwordResetTtlMs ?? 60 * 60_000,
    emailChangeTtlMs: o.emailChangeTtlMs ?? 24 * 3_600_000,
  };
}

/** The same from the validated configuration (scripts/start.ts). */
export function accountDepsFromConfig(config: AppConfig, databaseUrl: string): AccountDeps {
  return createAccountDeps({
    databaseUrl,
    dataDir: config.dataDir,
    workflowIdKey: config.accounts.workflowIdKey,
    limits: config.accounts.limits,
    passwordResetTtlMs: config.accounts.passwordResetTtlMs,
    emailChangeTtlMs: config.accounts.emailChangeTtlMs,
  });
}
