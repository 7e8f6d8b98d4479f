import { afterEach, describe, expect, it } from 'vitest';
import type { RunningService } from '../src/main.js';
import { startSmtpListener } from '../src/inbound/smtp-listener.js';
import { signReplyToken } from '../src/outbox/reply-token.js';
import { inboundPipeline } from '../src/main.js';
import { Store } from '../src/store/store.js';
import { memoryLog } from './helpers/log.js';
import { buildMail } from './helpers/mail.js';
import { installedOrder, sendRaw, startTestService, testConfig } from './helpers/service.js';

let svc: RunningService | null = null;
afterEach(async () => {
  await svc?.stop();
  svc = null;
});

const CANCEL = 'キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイトを閉鎖するため';

describe('the log: one JSON line per event, with its ids', () => {
  it('a reply over SMTP: its intake, its outcome and the acknowledgement sent, each one line naming the same ids', async () => {
    const config = testConfig();
    const { log, lines } = memoryLog();
    svc = await startTestService(config, log);
    const order = await installedOrder(svc, config);
    const [answer] = await sendRaw(svc.smtpPort, [
      { raw: buildMail({ from: 'taro@example.co.jp', inReplyTo: order.completionId, body: CANCEL }) },
    ]);
    expect(answer?.ok).toBe(true);
    await svc.pipeline.idle();
    const ack = (await svc.store.read()).outbox.find((e) => e.kind === 'cancellation-received')!;
    // The service's sender sends it (its poll, or this kick, whichever comes first).
    while ((await svc.store.read()).outbox.find((e) => e.id === ack.id)?.status !== 'sent') await svc.sender.kick();
    const intake = lines.filter((l) => l.event === 'intake');
    expect(intake).toEqual([
      expect.objectContaining({ level: 'info', door: 'smtp', inbound: 'I-000001', duplicate: false, msg: 'stored' }),
    ]);
    expect(lines.filter((l) => l.event === 'outcome')).toEqual([
      expect.objectContaining({ inbound: 'I-000001', outcome: 'cancellation-requested', order: order.id }),
    ]);
    expect(lines.filter((l) => l.event === 'sent' && l.mail === ack.id)).toEqual([
      expect.objectContaining({ kind: 'cancellation-received', order: order.id, to: ['taro@example.co.jp'] }),
    ]);
    expect(lines.every((l) => typeof l.time === 'string' && typeof l.msg === 'string')).toBe(true);
  });

  it('a failure is a line at warn or error with the error and the id it concerns', async () => {
    const config = testConfig();
    const store = new Store(config.storeFile);
    await store.open();
    const { log, lines } = memoryLog();
    const pipeline = inboundPipeline(config, store, log);
    // The store refuses to write (its folder gone): the mail stays received, and the log says so.
    const { record } = await pipeline.receive(buildMail({ from: 'a@example.jp', body: 'hello' }), { via: 'pipe' });
    const broken = Object.assign(
      Object.create(Object.getPrototypeOf(pipeline) as object) as typeof pipeline,
      pipeline,
      {
        act: () => Promise.reject(new Error('reader exploded')),
      },
    );
    await broken.processAll([record.id]);
    expect(lines.find((l) => l.event === 'failure')).toMatchObject({
      level: 'error',
      inbound: record.id,
      error: 'reader exploded',
    });
  });

  it('smtp-server gets a child logger (its lines named lib: smtp-server), and no reply-token signature is written', async () => {
    const config = testConfig();
    const store = new Store(config.storeFile);
    await store.open();
    const { log, lines, text } = memoryLog('debug');
    const pipeline = inboundPipeline(config, store, log);
    const listener = await startSmtpListener(
      pipeline,
      { host: '127.0.0.1', port: 0, deskAddress: config.deskAddress, maxMessageBytes: 1 << 20, maxRecipients: 5 },
      log,
    );
    const token = signReplyToken('C-0001', config.secret!);
    const to = config.deskAddress.replace('@', `+${token}@`);
    try {
      const [answer] = await sendRaw(listener.port, [
        { raw: buildMail({ from: 'a@example.jp', body: 'hi' }), to: [to] },
      ]);
      expect(answer?.ok).toBe(true);
    } finally {
      await listener.close();
    }
    expect(lines.some((l) => l.lib === 'smtp-server')).toBe(true);
    log.info({ rcpt: to }, `to ${to}`); // wherever an address with a token lands, its signature is cut
    expect(text.at(-1)).toMatch(/"rcpt":"ssl-desk\+c0001-\[redacted\]@.*"msg":"to ssl-desk\+c0001-\[redacted\]@/);
    expect(text.join('')).not.toContain(token.split('-')[1]);
  });
});
