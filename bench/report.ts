// The bench's result file and its table (bench/results/latest.json and latest.md, the table also on stdout).
import fs from 'node:fs';
import path from 'node:path';

export interface BenchResult {
  registrationThroughputRatio: number;
  historyEventsRatio: number;
  approvalHistoryEvents: number;
  decisionLatencyP50Ratio: number;
  decisionLatencyP95Ratio: number;
  adminListRows: number;
  adminListP95Ms: number;
  adminListRatio: number;
  workerMbPer1000Waiting: number;
  loginsPerSecondPerCpu: number;
  loginOverheadRatio: number;
  loadTestRate: number;
  loadTestErrors: number;
  loadTestP95MsByRoute: Record<string, number>;
  [detail: string]: unknown;
}

interface Row {
  field: keyof BenchResult;
  label: string;
  unit?: string;
  goal?: { op: '>=' | '<='; value: number };
}

const LIST_MS = { op: '<=' as const, value: 100 };
const LIST_RATIO = { op: '<=' as const, value: 1.5 };
const DIR_MS = { op: '<=' as const, value: 50 };

const ROWS: Row[] = [
  {
    field: 'registrationThroughputRatio',
    label: 'Registrations/s ÷ empty workflows/s',
    goal: { op: '>=', value: 0.5 },
  },
  { field: 'historyEventsRatio', label: 'History events: registration ÷ empty workflow', goal: { op: '<=', value: 3 } },
  { field: 'approvalHistoryEvents', label: 'History events of an approved authorisation request' },
  { field: 'decisionLatencyP50Ratio', label: 'Decision → VALID in the database, p50 ÷ empty workflow p50' },
  {
    field: 'decisionLatencyP95Ratio',
    label: 'Decision → VALID in the database, p95 ÷ empty workflow p95',
    goal: { op: '<=', value: 1.5 },
  },
  {
    field: 'adminListRows',
    label: 'Requests in the database for the back-office lists',
    goal: { op: '>=', value: 1e6 },
  },
  { field: 'adminDefaultListP95Ms', label: 'Back-office list of every request, p95', unit: 'ms', goal: LIST_MS },
  { field: 'adminDefaultListRatio', label: '… ÷ hand-written SQL p95', goal: LIST_RATIO },
  { field: 'adminListP95Ms', label: "Back-office approver's queue (open requests), p95", unit: 'ms', goal: LIST_MS },
  { field: 'adminListRatio', label: '… ÷ hand-written SQL p95', goal: LIST_RATIO },
  { field: 'adminSearchP95Ms', label: 'Back-office list search (name, accents), p95', unit: 'ms', goal: LIST_MS },
  { field: 'adminSearchRatio', label: '… ÷ hand-written SQL p95', goal: LIST_RATIO },
  { field: 'directoryOrganisations', label: 'Organisations per environment for the directory' },
  { field: 'directorySearchP95Ms', label: 'Directory operator search (text, accents), p95', unit: 'ms', goal: DIR_MS },
  { field: 'directorySearchRatio', label: 'Directory search p95 ÷ hand-written SQL p95' },
  { field: 'backOfficeLoginPageP95Ms', label: "Chromium: the back-office's login page loaded, p95", unit: 'ms' },
  {
    field: 'backOfficeOpenRequestP95Ms',
    label: 'Chromium: click on a request in the queue → its page, p95',
    unit: 'ms',
  },
  { field: 'backOfficeOpenRequestRatio', label: '… ÷ login page p95', goal: { op: '<=', value: 1 } },
  { field: 'backOfficeApproveP95Ms', label: 'Chromium: click on Approve → the result shown, p95', unit: 'ms' },
  { field: 'backOfficeApproveRatio', label: '… ÷ login page p95', goal: { op: '<=', value: 1 } },
  {
    field: 'workerMbPer1000Waiting',
    label: 'Worker memory per 1,000 requests waiting for a decision',
    unit: 'MB',
    goal: { op: '<=', value: 50 },
  },
  {
    field: 'loginsPerSecondPerCpu',
    label: 'Password logins over HTTP at full load, per second per core',
    goal: { op: '>=', value: 15 },
  },
  {
    field: 'loginOverheadRatio',
    label: 'Logins/s ÷ bare password hashes/s (same hash, same run)',
    goal: { op: '>=', value: 0.8 },
  },
  {
    field: 'clusterRegistrationThroughputRatio',
    label: 'Cluster: registrations/s ÷ empty workflows/s',
    goal: { op: '>=', value: 0.5 },
  },
  { field: 'clusterDecisionLatencyP50Ratio', label: 'Cluster: decision p50 ÷ empty workflow p50' },
  {
    field: 'clusterDecisionLatencyP95Ratio',
    label: 'Cluster: decision p95 ÷ empty workflow p95',
    goal: { op: '<=', value: 1.5 },
  },
  { field: 'loadTestRate', label: 'Load test: fixed arrival rate on each route of the journey', unit: '/s' },
  { field: 'loadTestErrors', label: 'Load test: errors (4xx, 5xx, timeouts)', goal: { op: '<=', value: 0 } },
];

/** One row per route of the load test, after the fixed rows (`loadTestP95MsByRoute`). */
const routeRows = (result: BenchResult): string[] =>
  Object.entries(result.loadTestP95MsByRoute ?? {}).map(
    ([route, ms]) =>
      `| Load test p95: ${route} | \`loadTestP95MsByRoute\` | ${ms.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ms |  |  |`,
  );

export function goalsOf(result: BenchResult): Record<string, { goal: string; met: boolean }> {
  const goals: Record<string, { goal: string; met: boolean }> = {};
  for (const row of ROWS) {
    if (!row.goal || typeof result[row.field] !== 'number') continue;
    const value = result[row.field] as number;
    goals[row.field] = {
      goal: `${row.goal.op} ${row.goal.value}`,
      met: row.goal.op === '>=' ? value >= row.goal.value : value <= row.goal.value,
    };
  }
  return goals;
}

export function table(result: BenchResult): string {
  const goals = goalsOf(result);
  const lines = ['| measure | field | value | goal | met |', '|---|---|---:|---|---|'];
  for (const row of ROWS) {
    const value = result[row.field] as number;
    // A phase left out of the run (BENCH_CLUSTER=0) has no row.
    if (typeof value !== 'number') continue;
    const shown = `${value.toLocaleString('en-GB', { maximumFractionDigits: 2 })}${row.unit ? ` ${row.unit}` : ''}`;
    const goal = goals[row.field];
    lines.push(
      `| ${row.label} | \`${row.field}\` | ${shown} | ${goal ? `${goal.goal}${row.unit ? ` ${row.unit}` : ''}` : ''} | ${goal ? (goal.met ? 'yes' : '**no**') : ''} |`,
    );
  }
  return [...lines, ...routeRows(result)].join('\n');
}

export function writeResults(dir: string, result: BenchResult, details: string): { json: string; md: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'latest.json');
  const md = path.join(dir, 'latest.md');
  // Written beside and renamed, so that an interrupted run never leaves half a file.
  fs.writeFileSync(`${json}.tmp`, `${JSON.stringify({ ...result, goals: goalsOf(result) }, null, 2)}\n`);
  fs.renameSync(`${json}.tmp`, json);
  fs.writeFileSync(`${md}.tmp`, `${table(result)}\n\n${details}\n`);
  fs.renameSync(`${md}.tmp`, md);
  return { json, md };
}
