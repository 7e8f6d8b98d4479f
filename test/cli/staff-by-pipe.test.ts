import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plusAddress } from '../../src/outbox/reply-token.js';
import { signStaffToken } from '../../src/outbox/staff-token.js';
import { certdeskIn, tempDir } from '../helpers/cli.js';
import { ADD_ORDER as ADD, TO_INSTALLED } from '../helpers/cli-orders.js';
import { buildMail } from '../helpers/mail.js';

const STAFF = 'sato@staff.example.jp';
const DESK = 'ssl-desk@biz-mail.example.jp';
const SECRET = 's'.repeat(32);
const TRUSTED = 'mx.biz-mail.example.jp';

/** An order whose cancellation waits for staff, in a desk whose mail comes through a trusted server in front. */
async function desk() {
  const env = {
    CERTDESK_DATA_DIR: join(tempDir(), 'data'),
    CERTDESK_STAFF: STAFF,
    CERTDESK_DESK_ADDRESS: DESK,
    CERTDESK_SECRET: SECRET,
    CERTDESK_AUTHSERV_ID: TRUSTED,
    CERTDESK_LMTP_SOCKET: 'off',
  };
  expect((await certdeskIn(ADD, env)).status).toBe(0);
  for (const [verb, ...rest] of TO_INSTALLED)
    expect((await certdeskIn(['order', verb!, 'C-0001', ...rest], env)).status).toBe(0);
  const cancel = buildMail({
    from: 'taro@example.co.jp',
    to: DESK,
    body: 'キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：サイト閉鎖のため',
  });
  expect((await certdeskIn(['deliver'], env, cancel)).stdout).toMatch(/cancellation-requested C-0001/);
  return env;
}

const staffReply = (authResults: string) =>
  buildMail({
    from: STAFF,
    to: plusAddress(DESK, signStaffToken(STAFF, SECRET, new Date())),
    subject: 'Re: [certdesk] 対応待ち',
    body: 'confirm C-0001\n\n> confirm C-0001   (or: reject C-0001 理由…)',
    headers: { 'Authentication-Results': authResults },
  });

describe('staff commands at the pipe door: the trusted server in front says whether DMARC passed', () => {
  it('its dmarc=pass for the staff domain: the command is done and answered', async () => {
    const env = await desk();
    const r = await certdeskIn(['deliver'], env, staffReply(`${TRUSTED}; dmarc=pass header.from=staff.example.jp`));
    expect(r.stdout).toMatch(/stored: staff-command-done/);
    expect((await certdeskIn(['order', 'show', 'C-0001'], env)).stdout).toMatch(/status:\s+cancelled/);
    const kinds = JSON.parse((await certdeskIn(['outbox', 'list', '--json'], env)).stdout).map(
      (m: { kind: string }) => m.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(['cancellation-confirmed', 'staff-command-answer']));
  });

  it('a pass stamped by another server, or none: held, nothing done', async () => {
    const env = await desk();
    for (const stamp of [
      'mx.evil.example; dmarc=pass header.from=staff.example.jp',
      `${TRUSTED}; dmarc=fail header.from=staff.example.jp`,
    ]) {
      const r = await certdeskIn(['deliver'], env, staffReply(stamp));
      expect(r.stdout).toMatch(/stored: staff-command-refused .*dmarc/);
    }
    expect((await certdeskIn(['order', 'show', 'C-0001'], env)).stdout).toMatch(/status:\s+cancel_requested/);
  });
});
