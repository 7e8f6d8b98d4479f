import { SILENT, type Log } from '../../src/log.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { addOrder } from '../../src/act/add-order.js';
import { recordStep } from '../../src/act/record-step.js';
import { loadConfig, mailContext, resolveSecret, type Config } from '../../src/config.js';
import type { OrderEvent } from '../../src/domain/transitions.js';
import type { DnsResolver } from '../../src/inbound/stamp-authentication.js';
import { startService, type RunningService } from '../../src/main.js';
import { sampleInput } from './orders.js';
import { tempDir } from './cli.js';

/** A configuration on a fresh data folder, listener on a free loopback port. */
export function testConfig(env: Record<string, string> = {}): Config {
  const dir = tempDir();
  return resolveSecret(
    loadConfig({
      CERTDESK_DATA_DIR: join(dir, 'data'),
      CERTDESK_LISTEN: '127.0.0.1:0',
      CERTDESK_DESK_ADDRESS: 'ssl-desk@biz-mail.example.jp',
      ...env,
    }),
  );
}

/** DNS answered from a table, offline: a name not in it does not exist. TXT records as mailauth wants them. */
export function tableResolver(records: Record<string, string[]> = {}): DnsResolver {
  return async (name, rrtype) => {
    const hit = records[`${name.toLowerCase()} ${rrtype}`];
    if (hit) return rrtype === 'TXT' ? hit.map((r) => [r]) : hit;
    throw Object.assign(new Error(`${name} ${rrtype}: not found`), { code: 'ENOTFOUND' });
  };
}

/** The whole service in this process, quiet, its DNS a table (no network). */
export async function startTestService(
  config: Config,
  log: Log = SILENT,
  resolver: DnsResolver = tableResolver(),
): Promise<RunningService> {
  return startService(config, () => undefined, {
    outboxPollMs: 200,
    inboundSweepMs: 500,
    imapIdleDelayMs: 200,
    imapBackoffMs: [200, 1_000], // a restarted server is found again within a second, also on a busy machine
    log,
    resolver,
  });
}

const TO_INSTALLED: OrderEvent[] = [
  { type: 'approval_requested' },
  { type: 'approved' },
  { type: 'phone_checked' },
  { type: 'issued', expiresAt: new Date('2027-06-01T00:00:00Z') },
  { type: 'installed' },
];

/** An OV order taken to installed; returns it and the Message-ID of its completion mail. */
export async function installedOrder(
  svc: RunningService,
  config: Config,
  over: Partial<Record<string, unknown>> = {},
): Promise<{ id: string; completionId: string }> {
  const order = await addOrder(svc.store, sampleInput(over), new Date());
  for (const event of TO_INSTALLED) await recordStep(svc.store, order.id, event, new Date(), mailContext(config));
  const data = await svc.store.read();
  const mail = data.outbox.find((e) => e.orderId === order.id && e.kind === 'setup-completion')!;
  return { id: order.id, completionId: mail.messageId };
}

/** Send raw messages to the listener with a pooled client; returns each answer (or error). */
export async function sendRaw(port: number, messages: { raw: Buffer; from?: string; to?: string[] }[]) {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true });
  const answers: { ok: boolean; response: string; code?: number }[] = [];
  try {
    for (const m of messages) {
      try {
        const info = await client.sendMail({
          envelope: { from: m.from ?? 'sender@sample.co.jp', to: m.to ?? ['ssl-desk@biz-mail.example.jp'] },
          raw: m.raw,
        });
        answers.push({ ok: true, response: info.response });
      } catch (err) {
        const e = err as { response?: string; responseCode?: number; message: string };
        answers.push({
          ok: false,
          response: e.response ?? e.message,
          ...(e.responseCode ? { code: e.responseCode } : {}),
        });
      }
    }
  } finally {
    client.close();
  }
  return answers;
}

export function rawPath(config: Config, sha256: string): string {
  return join(config.dataDir, 'raw', sha256.slice(0, 2), `${sha256}.eml`);
}

/** Our own stamp at the SMTP door (Received-SPF, Authentication-Results), prepended to what was sent. */
const OUR_STAMP = /^(?:(?:Received-SPF|Authentication-Results):[^\n]*\n(?:[ \t][^\n]*\n)*)+/;

/**
 * The bytes sent, as kept under data/raw below our own Authentication-Results
 * (SMTP may end the last line and turn bare LF into CRLF on the way).
 */
export function rawKept(config: Config, sha256: string, raw: Buffer): boolean {
  const file = rawPath(config, sha256);
  const same = (b: Buffer) => b.toString('latin1').replace(/\r?\n/g, '\n').replace(/\n+$/, '');
  return existsSync(file) && same(readFileSync(file)).replace(OUR_STAMP, '') === same(raw);
}
