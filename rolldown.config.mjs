// The command line as a few files rather than a thousand modules: Node spends most of a
// command's start resolving and reading small files (zod alone is 233). Each command's own
// code stays behind its dynamic import (src/cli/run.ts), so a chunk is read only when needed.
// Only our code and the small plain packages every command needs are bundled (zod, commander,
// tldts, immer, lowdb, proper-lockfile, the holiday table): everything else is loaded from
// node_modules as it is (piscina, pino, imapflow and others find their own files by path).
// The chunks sit in dist/ beside tsc's output, where import.meta.dirname finds data/ and
// templates/, and the mail worker (dist/mail-worker.js) stays tsc's own file.
import { readdirSync, rmSync } from 'node:fs';
import { defineConfig } from 'rolldown';

for (const f of readdirSync('dist')) if (/^(?:certdesk-cli|cli-.*)\.js(?:\.map)?$/.test(f)) rmSync(`dist/${f}`);

const BUNDLED =
  /^(?:zod|commander|tldts|tldts-core|immer|lowdb|steno|proper-lockfile|graceful-fs|retry|signal-exit|@holiday-jp\/holiday_jp)(?:\/|$)/;

export default defineConfig({
  input: { 'certdesk-cli': 'dist/cli/main.js' },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !BUNDLED.test(id),
  output: { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'cli-[name]-[hash].js' },
  logLevel: 'silent',
});
