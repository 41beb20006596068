// The back-office's custom components, bundled by AdminJS's bundler (rollup and babel, about a second of CPU) only when
// they changed: a key over the generated entry, every file of the components folder and AdminJS's version is kept beside
// the bundle, and a process that finds the same key serves the bundle already built. Processes starting together on one
// folder (web processes on one volume, or the tests' child apps) take turns through a lock directory, so that none serves
// a bundle another is still writing. See docs/architecture.md ("Decisions").
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ComponentsBundler {
  createEntry(options: { content: string }): Promise<void>;
  build(): Promise<void>;
}

export interface BundleFolder {
  /** AdminJS's ADMIN_JS_TMP_DIR, where entry.js and bundle.js are written. */
  tmpDir: string;
  /** The folder of the custom components (every file in it counts). */
  componentsDir: string;
  /** AdminJS's version: a new AdminJS builds anew. */
  version: string;
  /** A lock older than this is left over by a process that died while building (default 2 minutes). */
  staleLockMs?: number;
}

/** Builds the bundle unless the folder holds one with the same key; says which. */
export async function bundleComponentsOnce(
  bundler: ComponentsBundler,
  entry: string,
  folder: BundleFolder,
): Promise<'built' | 'reused'> {
  fs.mkdirSync(folder.tmpDir, { recursive: true });
  const key = bundleKey(entry, folder);
  const keyFile = path.join(folder.tmpDir, 'bundle.key');
  const release = await takeLock(path.join(folder.tmpDir, 'bundle.lock'), folder.staleLockMs ?? 120_000);
  try {
    const bundle = path.join(folder.tmpDir, 'bundle.js');
    if (fs.existsSync(bundle) && readOrEmpty(keyFile) === key) return 'reused';
    fs.rmSync(keyFile, { force: true });
    await bundler.createEntry({ content: entry });
    await bundler.build();
    fs.writeFileSync(keyFile, key);
    return 'built';
  } finally {
    release();
  }
}

/** sha256 over the entry, the components' names and contents, and the AdminJS version. */
export function bundleKey(entry: string, folder: Pick<BundleFolder, 'componentsDir' | 'version'>): string {
  const hash = crypto.createHash('sha256').update(`adminjs ${folder.version}\n`).update(entry);
  for (const name of fs.readdirSync(folder.componentsDir).sort()) {
    const file = path.join(folder.componentsDir, name);
    if (fs.statSync(file).isFile()) hash.update(`\n${name}\n`).update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** mkdir is atomic: whoever creates the lock directory holds it; the others wait until it is removed. */
async function takeLock(lock: string, staleMs: number): Promise<() => void> {
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const age = lockAge(lock);
    if (age !== undefined && age > staleMs) fs.rmSync(lock, { recursive: true, force: true });
    else await removed(lock, staleMs - (age ?? 0));
  }
}

function lockAge(lock: string): number | undefined {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Resolves when `lock` is gone (watched, not polled), or after `withinMs` when its holder may have died. */
function removed(lock: string, withinMs: number): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(path.dirname(lock), () => {
      if (!fs.existsSync(lock)) done();
    });
    const timer = setTimeout(done, Math.max(withinMs, 0) + 10);
    function done() {
      clearTimeout(timer);
      watcher.close();
      resolve();
    }
    // It may have gone between the failed mkdir and the watch.
    if (!fs.existsSync(lock)) done();
  });
}
