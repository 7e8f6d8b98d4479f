// The command line as a few files rather than a thousand modules: Node spends most of a
// command's start resolving and reading small files (zod alone is 233). Each command's own
// code stays behind its dynamic import (src/cli/run.ts), so a chunk is read only when needed.
// Only our code and the small plain packages every command needs are bundled (zod, commander,
// tldts, immer, lowdb, proper-lockfile, the holiday table): everything else is loaded from
// node_modules as it is (piscina, pino, imapflow and others find their own files by path).
// The chunks sit in dist/ beside tsc's output, where import.meta.dirname finds data/ and
// templates/, and the mail worker (dist/mail-worker.js) stays tsc's own file.
//
// The second build is the startup snapshot (src/cli/snapshot.ts): one CommonJS file, built
// into dist/certdesk-cli.blob that bin/certdesk starts Node from.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'rolldown';

for (const f of readdirSync('dist'))
  if (/^(?:certdesk-cli|certdesk-run|certdesk-snapshot|cli-.*)[.-]/.test(f)) rmSync(`dist/${f}`);

const BUNDLED =
  /^(?:zod|commander|tldts|tldts-core|immer|lowdb|steno|proper-lockfile|graceful-fs|retry|signal-exit|@holiday-jp\/holiday_jp)(?:\/|$)/;

const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !BUNDLED.test(id);

// The built-in modules Node 20 lets a startup snapshot hold (its lib/internal/main/mksnapshot.js),
// and two it warns of but holds well: commander loads child_process (never runs it), the store's
// snapshot file is read with readline. Any other (tls, http, …) crashes the snapshot's build.
const HELD_BUILTINS = new Set(
  [
    ...['_stream_duplex', '_stream_passthrough', '_stream_readable', '_stream_transform', '_stream_wrap'],
    ...['_stream_writable', 'assert', 'assert/strict', 'buffer', 'console', 'constants', 'crypto'],
    ...['diagnostics_channel', 'dns', 'events', 'fs', 'fs/promises', 'net', 'os', 'path', 'path/posix'],
    ...['path/win32', 'process', 'punycode', 'querystring', 'stream', 'stream/promises', 'string_decoder'],
    ...['sys', 'timers', 'timers/promises', 'url', 'util', 'util/types', 'v8', 'zlib'],
    ...['child_process', 'readline'],
  ].map((m) => `node:${m}`),
);

const builtin = (id) => id.startsWith('node:') || builtinModules.includes(id);

/**
 * In the snapshot's bundle every built-in module and every package left out
 * of it is a module of its own that loads it when first needed, not at the
 * bundle's top: the snapshot then holds only what the held commands load.
 * One that would be loaded while the snapshot is built (a held command's
 * module imports it) stops the build with its name, rather than crash Node
 * or freeze it: import it where it is used.
 */
const loadWhenNeeded = {
  name: 'load-when-needed',
  resolveId(id, importer) {
    if (id === './deliver-here.js' && importer?.endsWith('/cli/deliver.js')) return { id: '\0left-out:deliver-here' };
    if (builtin(id)) return { id: `\0builtin:node:${id.replace(/^node:/, '')}` };
    if (!importer || id.startsWith('\0') || id.startsWith('.') || id.startsWith('/') || BUNDLED.test(id)) return null;
    return { id: `\0package:${id}` };
  },
  load(id) {
    // The whole inbound service, which `deliver` without one running needs: the snapshot hands that
    // path to the modules (src/cli/modules-runner.ts) and holds none of it.
    if (id === '\0left-out:deliver-here')
      return `throw new Error('deliver-here is not in the startup snapshot: deliver hands its work to the modules');`;
    const [, kind, name] = /^\0(builtin|package):(.*)$/.exec(id) ?? [];
    if (!kind) return null;
    const refuse = `if (require('node:v8').startupSnapshot.isBuildingSnapshot()) throw new Error(${JSON.stringify(
      `${name} cannot be held in the startup snapshot: a held command's module imports it at its top (src/cli/snapshot.ts)`,
    )});\n`;
    if (kind === 'builtin')
      return `${HELD_BUILTINS.has(name) ? '' : refuse}module.exports = process.getBuiltinModule(${JSON.stringify(name)});`;
    return `${refuse}module.exports = process.getBuiltinModule('node:module').createRequire(__filename)(${JSON.stringify(name)});`;
  },
};

/**
 * The V8 flags the snapshot is built and started with (they must be the same, or Node refuses the
 * snapshot): new space large enough that a command's few megabytes of records are never scavenged
 * (a command lives a fraction of a second; the copying was a tenth of its time).
 */
const SNAPSHOT_FLAGS = ['--min-semi-space-size=16'];

/**
 * After the bundle is written: Node builds the snapshot from it. The stamp beside it holds the
 * flags (its first line, which bin/certdesk passes) and takes the time of the Node binary that
 * built it (touch -r), by which bin/certdesk knows it is that Node without starting it.
 */
const buildSnapshot = {
  name: 'build-snapshot',
  writeBundle() {
    // Every character past ASCII as its \u escape: V8 keeps a source with even one such character at
    // two bytes a character, and the snapshot holds the source (1.8 MB of heap, then 0.9). In strings,
    // regular expressions and the String.raw sources of regular expressions alike, the escape means
    // the character (and the bundle has no character past U+FFFF, nor one in a name).
    const code = readFileSync('dist/certdesk-snapshot.cjs', 'utf8');
    writeFileSync(
      'dist/certdesk-snapshot.cjs',
      code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
    const build = [...SNAPSHOT_FLAGS, '--snapshot-blob', 'dist/certdesk-cli.blob', '--build-snapshot'];
    execFileSync(process.execPath, [...build, 'dist/certdesk-snapshot.cjs'], { stdio: 'inherit' });
    writeFileSync('dist/certdesk-cli.node', `${SNAPSHOT_FLAGS.join(' ')}\n${process.version} ${process.execPath}\n`);
    execFileSync('touch', ['-r', process.execPath, 'dist/certdesk-cli.node']);
  },
};

export default defineConfig([
  {
    input: { 'certdesk-cli': 'dist/cli/main.js', 'certdesk-run': 'dist/cli/commands.js' },
    platform: 'node',
    external,
    output: { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'cli-[name]-[hash].js' },
    logLevel: 'silent',
  },
  {
    input: 'dist/cli/snapshot.js',
    platform: 'node',
    plugins: [loadWhenNeeded, buildSnapshot],
    // Without its comments and blanks: the snapshot holds the source, and a smaller heap starts sooner
    // (names are kept, for stack traces).
    output: {
      file: 'dist/certdesk-snapshot.cjs',
      format: 'cjs',
      codeSplitting: false,
      minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
    },
    logLevel: 'silent',
  },
]);
