import { describe, expect, it } from 'vitest';
import { createOrder } from '../../src/domain/order.js';
import { parseMessage } from '../../src/parse/parse-message.js';
import { parseAuthResults, trustedResults } from '../../src/trust/auth-results.js';
import { runChecks } from '../../src/trust/checks.js';
import { buildMail } from '../helpers/mail.js';
import { sampleInput } from '../helpers/orders.js';

const ID = 'mx.desk.jp';

describe('Authentication-Results, read as RFC 8601 writes it', () => {
  it('comments, a version, properties, quoted values', () => {
    expect(
      parseAuthResults(
        'mx.desk.jp 1; (checked by milter) dmarc=pass (p=reject) header.from=example.co.jp; spf=pass smtp.mailfrom="a@example.co.jp"',
      ),
    ).toEqual({
      authservId: 'mx.desk.jp',
      results: [
        { method: 'dmarc', result: 'pass', reason: null, props: { 'header.from': 'example.co.jp' } },
        { method: 'spf', result: 'pass', reason: null, props: { 'smtp.mailfrom': 'a@example.co.jp' } },
      ],
    });
    expect(parseAuthResults('mx.desk.jp (Postfix); dmarc=fail header.from=example.co.jp')?.results[0]?.result).toBe(
      'fail',
    );
    expect(parseAuthResults('mx.desk.jp; none')).toEqual({ authservId: 'mx.desk.jp', results: [] });
  });

  it('a value that looks like a result is a value, a comment is no result, a broken header is none', () => {
    expect(
      trustedResults([`${ID}; spf=neutral smtp.mailfrom=dmarc=pass@evil.example`], ID).map((r) => r.method),
    ).toEqual(['spf']);
    expect(trustedResults([`${ID}; (dmarc=pass) dmarc=fail header.from=example.co.jp`], ID)).toMatchObject([
      { method: 'dmarc', result: 'fail' },
    ]);
    expect(trustedResults([`${ID}; dmarc=pass (unclosed header.from=example.co.jp`], ID)).toEqual([]);
  });

  it('only the topmost run our server prepended counts; a forged one lower down never does', () => {
    const headers = [
      `${ID}; spf=pass smtp.mailfrom=example.co.jp`,
      'mx.other.example; dmarc=pass header.from=example.co.jp',
      `${ID}; dmarc=pass header.from=example.co.jp`,
    ];
    expect(trustedResults(headers, ID).map((r) => r.method)).toEqual(['spf']);
    expect(trustedResults(['mx.other.example; dmarc=pass'], ID)).toEqual([]);
  });
});

describe('the DMARC check aligns with the one From domain', () => {
  const order = createOrder(sampleInput(), 'C-0001', new Date());
  const checks = async (from: string, auth: string | string[], extra: Record<string, string> = {}) => {
    const raw = buildMail({ from, body: 'x', headers: extra });
    const withAuth = Buffer.concat([
      Buffer.from(
        [auth]
          .flat()
          .map((a) => `Authentication-Results: ${a}\r\n`)
          .join(''),
      ),
      raw,
    ]);
    const v = runChecks(
      await parseMessage(withAuth),
      order,
      { by: 'common-name' },
      { requireDmarc: true, authservId: ID },
    );
    return Object.fromEntries(v.map((x) => [x.check, x.result]));
  };
  it('a pass for the From domain passes', async () => {
    expect((await checks('taro@example.co.jp', `${ID}; dmarc=pass header.from=example.co.jp`)).dmarc).toBe('pass');
  });
  it('a sender on a subdomain: a pass reported for the From domain or for its organizational domain passes', async () => {
    // mailauth (our own check at the SMTP door) reports header.from as the organizational domain.
    const from = 'taro@mail.example.co.jp';
    expect((await checks(from, `${ID}; dmarc=pass header.from=mail.example.co.jp`)).dmarc).toBe('pass');
    expect((await checks(from, `${ID}; dmarc=pass header.from=example.co.jp`)).dmarc).toBe('pass');
    expect((await checks(from, `${ID}; dmarc=pass header.from=co.jp`)).dmarc).toBe('fail');
    expect((await checks('taro@example.co.jp', `${ID}; dmarc=pass header.from=mail.example.co.jp`)).dmarc).toBe('fail');
  });
  it('a pass for another domain does not', async () => {
    expect((await checks('taro@example.co.jp', `${ID}; dmarc=pass header.from=evil.example`)).dmarc).toBe('fail');
  });
  it('two From addresses: no single sender, no pass', async () => {
    const v = await checks('taro@example.co.jp, x@evil.example', `${ID}; dmarc=pass header.from=example.co.jp`);
    expect(v['single-from']).toBe('fail');
    expect(v.dmarc).toBe('fail');
  });
  it('two From headers: no single sender', async () => {
    const v = await checks('taro@example.co.jp', `${ID}; dmarc=pass header.from=example.co.jp`, {
      From: 'x@evil.example',
    });
    expect(v['single-from']).toBe('fail');
  });
  it('no stamp from our server: none', async () => {
    expect((await checks('taro@example.co.jp', 'mx.evil.example; dmarc=pass header.from=example.co.jp')).dmarc).toBe(
      'none',
    );
  });
});
