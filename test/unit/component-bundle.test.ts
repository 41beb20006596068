// The back-office bundle is built once per change of the components, and processes starting together do not build it
// twice or serve it half-written (admin/component-bundle.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleComponentsOnce, type BundleFolder } from '../../admin/component-bundle';

let root: string;
let folder: BundleFolder;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  folder = { tmpDir: path.join(root, '.adminjs'), componentsDir: path.join(root, 'components'), version: '7.8.17' };
  fs.mkdirSync(folder.componentsDir);
  fs.writeFileSync(path.join(folder.componentsDir, 'list.jsx'), 'export default () => null;');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A bundler that writes bundle.js slowly, in two halves, and counts its builds. */
function slowBundler() {
  const bundler = {
    builds: 0,
    async createEntry({ content }: { content: string }) {
      fs.writeFileSync(path.join(folder.tmpDir, 'entry.js'), content);
    },
    async build() {
      bundler.builds += 1;
      const file = path.join(folder.tmpDir, 'bundle.js');
      fs.writeFileSync(file, 'half');
      await new Promise((resolve) => setImmediate(resolve));
      fs.writeFileSync(file, `whole ${fs.readFileSync(path.join(folder.componentsDir, 'list.jsx'), 'utf8')}`);
    },
  };
  return bundler;
}

test('five starts at the same moment build once, and each finds the whole bundle', async () => {
  const bundler = slowBundler();
  const outcomes = await Promise.all(
    Array.from({ length: 5 }, async () => {
      const outcome = await bundleComponentsOnce(bundler, 'entry', folder);
      return [outcome, fs.readFileSync(path.join(folder.tmpDir, 'bundle.js'), 'utf8')];
    }),
  );
  expect(bundler.builds).toBe(1);
  expect(outcomes.map(([outcome]) => outcome).sort()).toEqual(['built', 'reused', 'reused', 'reused', 'reused']);
  expect(outcomes.every(([, bundle]) => bundle.startsWith('whole'))).toBe(true);
});

test('a changed component, a changed entry or another AdminJS builds again; nothing changed reuses', async () => {
  const bundler = slowBundler();
  expect(await bundleComponentsOnce(bundler, 'entry', folder)).toBe('built');
  expect(await bundleComponentsOnce(bundler, 'entry', folder)).toBe('reused');
  fs.writeFileSync(path.join(folder.componentsDir, 'list.jsx'), 'export default () => "changed";');
  expect(await bundleComponentsOnce(bundler, 'entry', folder)).toBe('built');
  expect(fs.readFileSync(path.join(folder.tmpDir, 'bundle.js'), 'utf8')).toContain('changed');
  expect(await bundleComponentsOnce(bundler, 'other entry', folder)).toBe('built');
  expect(await bundleComponentsOnce(bundler, 'other entry', { ...folder, version: '7.9.0' })).toBe('built');
  expect(bundler.builds).toBe(4);
});

test('a lock left by a process that died while building is taken over once stale', async () => {
  fs.mkdirSync(path.join(folder.tmpDir, 'bundle.lock'), { recursive: true });
  const bundler = slowBundler();
  expect(await bundleComponentsOnce(bundler, 'entry', { ...folder, staleLockMs: 50 })).toBe('built');
  expect(fs.existsSync(path.join(folder.tmpDir, 'bundle.lock'))).toBe(false);
});

test('a failed build leaves no key, so the next start builds again', async () => {
  const failing = { createEntry: async () => {}, build: async () => Promise.reject(new Error('rollup failed')) };
  await expect(bundleComponentsOnce(failing, 'entry', folder)).rejects.toThrow('rollup failed');
  const bundler = slowBundler();
  expect(await bundleComponentsOnce(bundler, 'entry', folder)).toBe('built');
});
