import { existsSync, readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { RunningService } from '../../src/main.js';
import { certdeskAsync, tempDir } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';
import { rawPath, startTestService, testConfig } from '../helpers/service.js';

let svc: RunningService;
let config: Config;

beforeAll(async () => {
  config = testConfig();
  svc = await startTestService(config);
});
afterAll(() => svc.stop());

/** One LMTP transaction on the service's socket: the reply for each recipient, in order. */
function lmtpSend(path: string, raw: Buffer, to: string[]): Promise<string[]> {
  return new Promise((resolveReplies, reject) => {
    const socket = connect(path);
    socket.once('error', reject);
    socket.once('connect', () => {
      const lmtp = new SMTPConnection({ connection: socket, lmtp: true });
      lmtp.connect(() =>
        lmtp.send({ from: 'postfix@mx.example.jp', to }, raw, (err, info) => {
          lmtp.quit();
          if (err) return reject(err);
          resolveReplies([
            ...info!.accepted.map((a) => `250 ${a}`),
            ...(info!.rejectedErrors ?? []).map((e) => `${e.responseCode} ${e.recipient}`),
          ]);
        }),
      );
    });
  });
}

describe('the LMTP door (an MTA in front hands mail over a Unix socket)', () => {
  it('listens on DATA_DIR/lmtp.sock, readable and writable by its folder group only', () => {
    expect(svc.lmtp).toEqual([join(config.dataDir, 'lmtp.sock')]);
    const socket = statSync(svc.lmtp[0]!);
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o660);
    expect(socket.gid).toBe(statSync(config.dataDir).gid);
  });

  it("greets at once: its client is the desk's own MTA, not a stranger to hold 100 ms as an early talker", async () => {
    // A client that speaks the moment it is connected: the SMTP door answers it "421 You talk too soon"
    // (smtp-server's hold); the LMTP door has greeted before the client's first byte is read.
    const talkAtOnce = (socket: Socket, hello: string) =>
      new Promise<string>((done, fail) => {
        let text = '';
        socket.once('error', fail);
        socket.once('connect', () => socket.write(`${hello} mx.example.jp\r\n`));
        socket.on('data', (d: Buffer) => {
          text += d.toString();
          if (!/^(250|421) /m.test(text)) return;
          socket.end();
          done(text);
        });
      });
    const lmtp = await talkAtOnce(connect(svc.lmtp[0]!), 'LHLO');
    expect(lmtp).toMatch(/^220 /);
    expect(lmtp).toMatch(/^250 /m);
    expect(await talkAtOnce(connect(svc.smtpPort, '127.0.0.1'), 'EHLO')).toMatch(/^421 .*talk too soon/);
  });

  it('one reply per recipient; a mail for two desk addresses is stored once, on disk before its 250', async () => {
    const raw = buildMail({ body: 'お問い合わせです。' });
    const replies = await lmtpSend(svc.lmtp[0]!, raw, [
      'ssl-desk@biz-mail.example.jp',
      'ssl-desk+c0001-aaaaaaaaaaaaaaaa@biz-mail.example.jp',
      'someone@elsewhere.example',
    ]);
    expect(replies).toEqual([
      '250 ssl-desk@biz-mail.example.jp',
      '250 ssl-desk+c0001-aaaaaaaaaaaaaaaa@biz-mail.example.jp',
      '550 someone@elsewhere.example',
    ]);
    const data = await svc.store.read();
    expect(data.inbound).toHaveLength(1);
    expect(data.inbound[0]).toMatchObject({ via: 'lmtp', envelopeFrom: 'postfix@mx.example.jp' });
    expect(existsSync(rawPath(config, data.inbound[0]!.rawSha256))).toBe(true);
  });

  it('certdesk deliver hands the message to the running service, without loading the parser', async () => {
    const imports = join(tempDir(), 'imports.txt');
    const raw = buildMail({ body: '証明書についての質問です。' });
    const r = await certdeskAsync(
      ['deliver'],
      { CERTDESK_DATA_DIR: config.dataDir, CERTDESK_DESK_ADDRESS: config.deskAddress, CERTDESK_IMPORTS_FILE: imports },
      { input: raw, nodeArgs: ['--import', resolve(import.meta.dirname, '../helpers/record-imports.mjs')] },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^I-000002 handed to the running service: 2\.0\.0 queued as I-000002/);
    const loaded = readFileSync(imports, 'utf8');
    expect(loaded).toMatch(/lmtp-handoff/);
    // Neither the parser nor the service (src/main.ts; cli-main-* in the bundle) is loaded.
    expect(loaded).not.toMatch(/mailparser|parse-message|analyze-message|\/main\.js|cli-main-/);
    await svc.pipeline.idle();
    const data = await svc.store.read();
    expect(data.inbound[1]).toMatchObject({ id: 'I-000002', via: 'lmtp', status: 'held' });
  });
});
