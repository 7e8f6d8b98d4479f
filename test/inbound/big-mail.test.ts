import { memoryLog } from '../helpers/log.js';
import { describe, expect, it } from 'vitest';
import { inboundPipeline } from '../../src/main.js';
import { Store } from '../../src/store/store.js';
import { buildMail } from '../helpers/mail.js';
import { testConfig } from '../helpers/service.js';

/** A mail of about `mb` MB (a base64 PDF attached) from `from`. */
function bigMail(from: string, mb: number): Buffer {
  const pdf = Buffer.alloc(mb * 1024 * 1024, 7)
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  return Buffer.from(
    `From: ${from}\r\nTo: ssl-desk@biz-mail.example.jp\r\nSubject: 書類\r\nMessage-ID: <big-${Math.random()}@x.jp>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n書類を添付します。\r\n--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${pdf}\r\n--b--\r\n`,
  );
}

describe('big mail does not hold small mail up', () => {
  it('small mail goes first, but never before a big mail of its own sender', async () => {
    const config = testConfig();
    const store = new Store(config.storeFile);
    await store.open();
    const { log, lines } = memoryLog();
    const pipeline = inboundPipeline(config, store, log);
    const take = (raw: Buffer) => pipeline.receive(raw, { via: 'pipe' }).then((a) => a.record.id);
    const bigs = [await take(bigMail('a@big.example', 3)), await take(bigMail('a@big.example', 3))];
    const fromBigSender = await take(buildMail({ from: 'a@big.example', body: 'さきほどの件です。' }));
    const stranger = await take(buildMail({ from: 'b@small.example', body: 'ありがとうございました。' }));
    pipeline.kick();
    await pipeline.idle();
    const order = lines.filter((l) => l.event === 'outcome').map((l) => l.inbound);
    expect(order.indexOf(stranger)).toBeLessThan(order.indexOf(bigs[0]!));
    expect(order.indexOf(fromBigSender)).toBeGreaterThan(order.indexOf(bigs[1]!));
    const data = await store.read();
    expect(data.inbound.every((r) => r.status !== 'received')).toBe(true);
    expect(data.inbound.find((r) => r.id === bigs[0])?.size).toBeGreaterThan(3_000_000);
  });
});
