import { describe, expect, it } from 'vitest';
import { certdesk, certdeskAsync } from '../helpers/cli.js';
import { buildMail } from '../helpers/mail.js';
import { sendRaw, startTestService, testConfig } from '../helpers/service.js';
import { ADD_ORDER } from '../helpers/cli-orders.js';

// ESC, CSI as the one C1 character U+009B, a bidi override: what a stranger's mail may carry into a terminal.
const NASTY = ['\u001b[2J', '\u009b31m', '\u202e'];
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('control characters from mail never reach the terminal', () => {
  it('order list, order show, inbound list and inbound show escape them', async () => {
    const config = testConfig();
    const env = { CERTDESK_DATA_DIR: config.dataDir };
    const add = ADD_ORDER.map((a, i) => (ADD_ORDER[i - 1] === '--contact-name' ? `悪意${NASTY.join('')}` : a));
    expect(certdesk(add, env).status).toBe(0);
    const svc = await startTestService(config);
    try {
      const raw = buildMail({
        from: `"x${NASTY.join('')}" <stranger@evil.example>`,
        subject: `件名${NASTY.join('')}`,
        body: `本文${NASTY.join('')}キャンセルをお願いします。`,
      });
      await sendRaw(svc.smtpPort, [{ raw }]);
      await svc.pipeline.idle();
    } finally {
      await svc.stop();
    }
    for (const args of [
      ['order', 'list'],
      ['order', 'show', 'C-0001'],
      ['inbound', 'list'],
      ['inbound', 'show', 'I-000001'],
    ]) {
      const r = await certdeskAsync(args, env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(RAW_CONTROL);
    }
  });
});
