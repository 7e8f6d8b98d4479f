import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ADD_ORDER } from '../helpers/cli-orders.js';
import { describe, expect, it } from 'vitest';
import { certdeskIn as certdesk, tempDir } from '../helpers/cli.js';

const ORDER = {
  contractId: 'K-1001',
  commonName: 'www.example.co.jp',
  validation: 'OV',
  organization: { O: '株式会社エグザンプル', OU: '情報システム部', L: '千代田区', ST: '東京都', C: 'JP' },
  contact: { name: '山田 太郎', email: 'taro@example.co.jp', phone: '03-1234-5678' },
  locale: 'ja',
};

function setup() {
  const dir = tempDir();
  const env = { CERTDESK_DATA_DIR: join(dir, 'data') };
  const file = join(dir, 'order.json');
  writeFileSync(file, JSON.stringify(ORDER));
  return { dir, env, file, store: join(dir, 'data', 'store.json') };
}

describe('certdesk order', () => {
  it('adds from a file, walks every staff step, and shows deadlines', async () => {
    const { env, file } = setup();
    const added = await certdesk(
      ['order', 'add', '--file', file, '--received-at', '2026-11-19T10:00:00+09:00', '--json'],
      env,
    );
    expect(added.status, added.stderr).toBe(0);
    const order = JSON.parse(added.stdout);
    expect(order).toMatchObject({
      id: 'C-0001',
      status: 'received',
      commonName: 'www.example.co.jp',
      approverRole: 'attribute_jp',
      approvalDeadline: null,
    });

    const req = await certdesk(
      ['order', 'approval-requested', 'C-0001', '--at', '2026-11-20T10:00:00+09:00', '--json'],
      env,
    );
    expect(req.status, req.stderr).toBe(0);
    expect(JSON.parse(req.stdout)).toMatchObject({ status: 'approval_pending', approvalDeadline: '2026-12-16' });

    for (const verb of ['approved', 'phone-checked'])
      expect((await certdesk(['order', verb, 'C-0001'], env)).status).toBe(0);
    expect((await certdesk(['order', 'issued', 'C-0001', '--expires', '2027-06-01T00:00:00Z'], env)).status).toBe(0);
    const installed = await certdesk(['order', 'installed', 'c-0001', '--json'], env);
    expect(JSON.parse(installed.stdout)).toMatchObject({
      status: 'installed',
      renewalDate: '2027-06-01',
      approvalDeadline: null,
      cancellationFeesApply: true,
    });

    const shown = JSON.parse((await certdesk(['order', 'show', 'C-0001', '--json'], env)).stdout);
    expect(shown.history.map((h: { event: string }) => h.event)).toEqual([
      'received',
      'approval_requested',
      'approved',
      'phone_checked',
      'issued',
      'installed',
    ]);
    expect((await certdesk(['order', 'show', 'C-0001'], env)).stdout).toMatch(/renew by:\s+2027-06-01/);
  });

  it('correct and undo: an impossible expiry is refused; undo takes the last step back with its mail; find by IDN', async () => {
    const { env } = setup();
    const idn = [...ADD_ORDER];
    idn[idn.indexOf('www.example.co.jp')] = 'www.例え.jp';
    expect((await certdesk(idn, env)).status).toBe(0);
    const req = await certdesk(
      ['order', 'approval-requested', 'C-0001', '--by', 'suzuki', '--note', 'JPRSへ申請'],
      env,
    );
    expect(req.stdout).toMatch(/queued approval-requested mail M-000001 to taro@example.co.jp/);
    expect(req.stdout).toMatch(/the service is not running: it goes out when the service runs .*certdesk outbox send/);
    expect((await certdesk(['order', 'approved', 'C-0001'], env)).status).toBe(0);
    // A certificate issued today may not run 394 days (the cap is 200), nor end before it began.
    for (const expires of ['2027-12-31', '2026-01-01']) {
      const r = await certdesk(['order', 'issued', 'C-0001', '--expires', expires], env);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect((await certdesk(['order', 'approval-requested', 'C-0001', '--at', '2099-01-01'], env)).stderr).toMatch(
      /in the future/,
    );
    // Undo twice: approved, then the approval request (its notice, not yet sent, is withdrawn).
    expect((await certdesk(['order', 'undo', 'C-0001', '--note', 'wrong order'], env)).stdout).toMatch(
      /undid approved/,
    );
    const undo = await certdesk(['order', 'undo', 'C-0001', '--by', 'tanaka'], env);
    expect(undo.stdout).toMatch(/undid approval_requested .*C-0001 is received again/);
    expect(undo.stdout).toMatch(/withdrew mail M-000001/);
    expect(await certdesk(['order', 'undo', 'C-0001'], env)).toMatchObject({ status: 2 });
    const shown = JSON.parse((await certdesk(['order', 'show', 'C-0001', '--json'], env)).stdout);
    expect(shown.status).toBe('received');
    expect(shown.history.at(1)).toMatchObject({ event: 'approval_requested', by: 'suzuki', note: 'JPRSへ申請' });
    expect(shown.history.at(-1)).toMatchObject({ event: 'undone', by: 'tanaka', to: 'received' });
    expect(JSON.parse((await certdesk(['outbox', 'list', '--json'], env)).stdout)[0]).toMatchObject({
      status: 'withdrawn',
    });
    // The case as staff read it: times in JST, who and why, no "received → received", the mails we sent.
    const caseView = (await certdesk(['order', 'show', 'C-0001'], env)).stdout;
    expect(caseView).toMatch(/^ {2}2026-11-01 10:00 JST {2}received +received$/m);
    expect(caseView).toMatch(/approval_requested +received → approval_pending {2}by suzuki {2}\(undone /);
    expect(caseView).toContain('note: JPRSへ申請');
    expect(caseView).toMatch(/undone +approval_pending → received {2}by tanaka: undid approval_requested/);
    expect(caseView).toMatch(/mail we sent \(1\):\n {2}M-000001 .* approval-requested +withdrawn/);
    expect(caseView).not.toMatch(/received → received/);
    // Found by its Unicode name, by its A-label, and shown as both.
    for (const text of ['例え', 'xn--r8jz45g', '山田'])
      expect((await certdesk(['order', 'find', text], env)).stdout).toMatch(/C-0001/);
    expect((await certdesk(['order', 'list'], env)).stdout).toContain('www.例え.jp (www.xn--r8jz45g.jp)');
    expect((await certdesk(['order', 'find', 'nothing-like-it'], env)).stdout).toMatch(/no order matches/);
  }, 90_000); // many CLI processes, each ~1 s on a busy machine

  it('adds from flags, lists and filters', async () => {
    const { env } = setup();
    const flags = [
      '--contract',
      'K-2',
      '--validation',
      'dv',
      '--o',
      'Example Inc.',
      '--l',
      'Minato',
      '--st',
      'Tokyo',
      '--contact-name',
      'Ken Sato',
      '--contact-email',
      'ken@example.com',
      '--contact-phone',
      '03-1111-2222',
      '--locale',
      'en',
    ];
    expect((await certdesk(['order', 'add', '--cn', 'Shop.Example.COM', ...flags], env)).status).toBe(0);
    expect((await certdesk(['order', 'add', '--cn', '*.example.jp', ...flags], env)).status).toBe(0);
    await certdesk(['order', 'approval-requested', 'C-0002'], env);
    const all = JSON.parse((await certdesk(['order', 'list', '--json'], env)).stdout);
    expect(all.map((o: { commonName: string }) => o.commonName)).toEqual(['shop.example.com', '*.example.jp']);
    expect(all.map((o: { approverRole: string }) => o.approverRole)).toEqual(['gtld', 'general_jp']);
    const pending = JSON.parse(
      (await certdesk(['order', 'list', '--status', 'approval_pending', '--json'], env)).stdout,
    );
    expect(pending.map((o: { id: string }) => o.id)).toEqual(['C-0002']);
    expect((await certdesk(['order', 'list'], env)).stdout).toMatch(/C-0002\s+approval_pending/);
  });

  describe('bad input: one line on stderr, exit 2, nothing written', () => {
    const bad: Array<[string, (f: string) => string[], RegExp]> = [
      [
        'an organization over 128 characters',
        (f) => (
          writeFileSync(f, JSON.stringify({ ...ORDER, organization: { ...ORDER.organization, O: '株'.repeat(120) } })),
          ['--file', f]
        ),
        /128 characters/,
      ],
      [
        'a bad e-mail',
        (f) => (
          writeFileSync(f, JSON.stringify({ ...ORDER, contact: { ...ORDER.contact, email: 'taro@' } })),
          ['--file', f]
        ),
        /contact\.email/,
      ],
      [
        'a bad common name',
        (f) => (writeFileSync(f, JSON.stringify({ ...ORDER, commonName: 'www.*.example.jp' })), ['--file', f]),
        /commonName/,
      ],
      [
        'an unknown key',
        (f) => (writeFileSync(f, JSON.stringify({ ...ORDER, colour: 'red' })), ['--file', f]),
        /colour/,
      ],
      ['a file that is not JSON', (f) => (writeFileSync(f, '{'), ['--file', f]), /not valid JSON/],
      ['a missing file', (f) => ['--file', f + '.missing'], /no such file/],
      ['missing flags', () => ['--cn', 'www.example.jp'], /invalid order/],
    ];
    for (const [name, args, message] of bad) {
      it(name, async () => {
        const { env, file, store } = setup();
        const r = await certdesk(['order', 'add', ...args(file)], env);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(existsSync(store)).toBe(false);
      });
    }

    it('an illegal step names the order and state, and changes nothing', async () => {
      const { env, file, store } = setup();
      await certdesk(['order', 'add', '--file', file], env);
      const before = readFileSync(store, 'utf8');
      const r = await certdesk(['order', 'installed', 'C-0001'], env);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/C-0001.*"installed".*received/);
      expect(readFileSync(store, 'utf8')).toBe(before);
    });

    it('an unknown order, a bad date, an unknown status, an unknown command', async () => {
      const { env, file } = setup();
      await certdesk(['order', 'add', '--file', file], env);
      expect(await certdesk(['order', 'show', 'C-0099'], env)).toMatchObject({
        status: 2,
        stderr: expect.stringMatching(/no order C-0099/),
      });
      expect(await certdesk(['order', 'approval-requested', 'C-0001', '--at', 'yesterday'], env)).toMatchObject({
        status: 2,
        stderr: expect.stringMatching(/--at/),
      });
      expect((await certdesk(['order', 'list', '--status', 'nope'], env)).status).toBe(2);
      expect((await certdesk(['order', 'frobnicate'], env)).status).toBe(2);
    });
  });

  it('a corrupt store is refused with one line naming the file, and left untouched', async () => {
    const { env, store } = setup();
    await certdesk(['order', 'list'], env);
    const garbage = '{"version":1,"orders":[{"id":';
    mkdirSync(dirname(store), { recursive: true });
    writeFileSync(store, garbage);
    const r = await certdesk(['order', 'list'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(store);
    expect(r.stderr).toMatch(/not valid JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(store, 'utf8')).toBe(garbage);
  });
});
