// ROLE_HISTORY_BOUND: the history events a role's run reaches before it continues as new, read by lib/config.ts and
// handed by scripts/start.ts to the web server, which puts it into every authorisation request it starts.
import fs from 'node:fs';
import path from 'node:path';
import { ROLE_HISTORY_BOUND } from '../../domain/contracts';
import { loadConfig } from '../../lib/config';

const ROOT = path.resolve(__dirname, '..', '..');

test('the bound defaults to 2,000 events and takes the variable', () => {
  expect(ROLE_HISTORY_BOUND).toBe(2_000);
  expect(loadConfig({}).roleHistoryBound).toBe(2_000);
  expect(loadConfig({ ROLE_HISTORY_BOUND: '500' }).roleHistoryBound).toBe(500);
});

test('a bound too small to hold a run, or not a whole number, stops the start with the variable named', () => {
  for (const bad of ['5', '2.5', 'many', '100000']) {
    expect(() => loadConfig({ ROLE_HISTORY_BOUND: bad })).toThrow('ROLE_HISTORY_BOUND');
  }
});

test('scripts/start.ts hands the bound to the web server, and the README documents it', () => {
  expect(fs.readFileSync(path.join(ROOT, 'scripts', 'start.ts'), 'utf8')).toContain(
    'roleHistoryBound: config.roleHistoryBound',
  );
  expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toMatch(/\| `ROLE_HISTORY_BOUND` \| `2000` \|/);
});
