import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from './cli.js';

/** Debian's headless Chromium (package `chromium`), where installed. */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (p) => spawnSync(p, ['--version'], { encoding: 'utf8' }).status === 0,
);

/**
 * The browser suite runs where Chromium is installed (`.ci/run` installs
 * it); elsewhere it is skipped, loudly, unless CERTDESK_REQUIRE_CHROMIUM=1
 * makes the absence a failure.
 */
export function requireChromiumOrSkip(): boolean {
  if (CHROMIUM) return true;
  const why = 'Chromium (Debian package chromium) is not installed';
  if (process.env.CERTDESK_REQUIRE_CHROMIUM === '1') throw new Error(`CERTDESK_REQUIRE_CHROMIUM=1 but ${why}`);
  process.stderr.write(
    `\n!!! SKIPPING THE BROWSER SUITE: ${why}. Install it (apt-get install chromium) to run it.\n\n`,
  );
  return false;
}

/**
 * What a person sees of an HTML page in a real browser: the page is loaded
 * headless, laid out, and its rendered text (innerText, which leaves out
 * what CSS hides) and the text of each table row are read back.
 */
export function seenInBrowser(html: string): { text: string; rows: string[]; title: string } {
  const dir = tempDir();
  const probe =
    '<script>document.documentElement.setAttribute("data-seen", JSON.stringify({' +
    'text: document.body.innerText, title: document.title,' +
    'rows: [...document.querySelectorAll("tr")].filter(r => r.offsetHeight > 0).map(r => r.innerText)}));</script>';
  const file = join(dir, 'mail.html');
  writeFileSync(file, html.replace(/<\/body>/i, `${probe}</body>`));
  const r = spawnSync(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--dump-dom',
      pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0) throw new Error(`chromium failed (${r.status}): ${r.stderr.slice(-500)}`);
  const m = /data-seen="([^"]*)"/.exec(r.stdout);
  if (!m) throw new Error('the page did not report what it shows');
  const json = m[1]!
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return JSON.parse(json) as { text: string; rows: string[]; title: string };
}
