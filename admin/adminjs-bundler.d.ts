// Types for AdminJS's component bundler entry point (adminjs/bundler ships no declarations).
declare module 'adminjs/bundler' {
  export const componentsBundler: {
    createEntry(options: { content: string; dir?: string }): Promise<void>;
    build(): Promise<void>;
  };
  export function generateUserComponentEntry(admin: unknown, entryPath: string): string;
  export const ADMIN_JS_TMP_DIR: string;
}
