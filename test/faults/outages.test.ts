import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';
import { sendRaw, startTestService, testConfig } from '../helpers/service.js';

/** A small disk of our own (tmpfs): needs root and a kernel that lets us mount; the suite says when it cannot. */
function smallDisk(
  sizeKb: number,
): { dir: string; resize(kb: number): void; readOnly(ro: boolean): void; release(): void } | null {
  const dir = tempDir('certdesk-disk-');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status !== 0) {
    process.stderr.write(
      `\n!!! full/read-only disk cases skipped: cannot mount a tmpfs here (${mount.stderr.trim()})\n\n`,
    );
    return null;
  }
  const remount = (opts: string) => {
    const r = spawnSync('mount', ['-o', `remount,${opts}`, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  return {
    dir,
    resize: (kb) => remount(`size=${kb}k`),
    readOnly: (ro) => remount(ro ? 'ro' : 'rw'),
    release: () => void spawnSync('umount', ['-l', dir]),
  };
}

const mail = (n: number, size = 0) =>
  buildMail({
    from: 'someone@sample.co.jp',
    messageId: `<m${n}.${Date.now()}@sample.co.jp>`,
    body: `質問です ${n}\n${'あ'.repeat(size)}`,
  });

/** The store file is whole: every line valid JSON, the whole passing the schema (a fresh process can open it). */
async function storeIsWhole(file: string) {
  for (const line of readFileSync(file, 'utf8').trimEnd().split('\n')) JSON.parse(line);
  await new Store(file).open();
}

describe('outages: when nothing can be written, mail is refused for now (451) and the service keeps running', () => {
  it('a data folder that cannot be written (raw mail folder replaced by a file)', async () => {
    const config = testConfig();
    const svc = await startTestService(config);
    try {
      mkdirSync(config.dataDir, { recursive: true });
      rmSync(join(config.dataDir, 'raw'), { recursive: true, force: true });
      writeFileSync(join(config.dataDir, 'raw'), 'not a folder');
      const [refused] = await sendRaw(svc.smtpPort, [{ raw: mail(1) }]);
      expect(refused).toMatchObject({ ok: false, code: 451 });
      rmSync(join(config.dataDir, 'raw'));
      const [taken] = await sendRaw(svc.smtpPort, [{ raw: mail(2) }]);
      expect(taken).toMatchObject({ ok: true });
      await storeIsWhole(config.storeFile);
    } finally {
      await svc.stop();
    }
  });

  const disk = smallDisk(384);
  it.skipIf(!disk)(
    'a full disk: 451 while full, nothing half-written, mail taken again once there is room',
    async () => {
      const config = testConfig({ CERTDESK_DATA_DIR: join(disk!.dir, 'data') });
      const svc = await startTestService(config);
      try {
        const answers: { ok: boolean; code?: number }[] = [];
        for (let n = 0; n < 60 && !answers.some((a) => a.code === 451); n++)
          answers.push(...(await sendRaw(svc.smtpPort, [{ raw: mail(n, 8_000) }])));
        expect(answers.at(-1)).toMatchObject({ ok: false, code: 451 });
        expect(answers.filter((a) => !a.ok && a.code !== 451)).toEqual([]);
        await storeIsWhole(config.storeFile);
        const taken = answers.filter((a) => a.ok).length;
        const data = await new Store(config.storeFile).open();
        expect(data.inbound).toHaveLength(taken);
        for (const r of data.inbound)
          expect(existsSync(join(config.dataDir, 'raw', r.rawSha256.slice(0, 2), `${r.rawSha256}.eml`))).toBe(true);

        disk!.resize(16 * 1024);
        const [again] = await sendRaw(svc.smtpPort, [{ raw: mail(999) }]);
        expect(again).toMatchObject({ ok: true });
        // The sweep reads what was stored while the disk was full but not yet read.
        const end = Date.now() + 30_000;
        while ((await svc.store.read()).inbound.some((r) => r.status === 'received') && Date.now() < end)
          await new Promise((r) => setTimeout(r, 100));
        expect((await svc.store.read()).inbound.filter((r) => r.status === 'received')).toEqual([]);
      } finally {
        await svc.stop();
      }
    },
    60_000,
  );

  it.skipIf(!disk)(
    'a read-only disk: 451, then taken again when it is writable',
    async () => {
      disk!.resize(16 * 1024);
      const config = testConfig({ CERTDESK_DATA_DIR: join(disk!.dir, 'data-ro') });
      const svc = await startTestService(config);
      try {
        disk!.readOnly(true);
        const [refused] = await sendRaw(svc.smtpPort, [{ raw: mail(1) }]);
        expect(refused).toMatchObject({ ok: false, code: 451 });
        disk!.readOnly(false);
        const [taken] = await sendRaw(svc.smtpPort, [{ raw: mail(2) }]);
        expect(taken).toMatchObject({ ok: true });
        await storeIsWhole(config.storeFile);
      } finally {
        await svc.stop();
        disk!.release();
      }
    },
    30_000,
  );
});
