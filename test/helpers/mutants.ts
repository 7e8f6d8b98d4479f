import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildMail, COMPLETION_QUOTE, quoted } from './mail.js';

/** A small seeded generator, so a failing mutant can be made again. */
export function seeded(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

function seeds(): Buffer[] {
  const base = [
    buildMail({
      from: 'taro@example.co.jp',
      charset: 'iso-2022-jp',
      body: `キャンセルをお願いします。\nコモンネーム：www.example.co.jp\nキャンセル理由：閉鎖\n\n${quoted(COMPLETION_QUOTE)}`,
    }),
    buildMail({
      from: 'taro@example.co.jp',
      charset: 'shift_jis',
      body: '①㈱ 担当者変更です。\n新担当者：木村\nメール：k@example.co.jp\n電話：03-1111-2222',
    }),
    buildMail({
      from: 'taro@example.co.jp',
      charset: 'euc-jp',
      html: true,
      body: '<div>キャンセル<blockquote>引用</blockquote></div>',
    }),
    Buffer.from(
      'From: a@example.co.jp\r\nSubject: multi\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n44Kt44Oj44Oz44K744Or\r\n--b1\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n',
    ),
  ];
  const corpus = resolve(import.meta.dirname, '../../../shared/corpus');
  if (existsSync(corpus))
    for (const f of readdirSync(corpus).filter((f) => f.endsWith('.eml'))) base.push(readFileSync(join(corpus, f)));
  return base;
}

type Mutator = (raw: Buffer, r: ReturnType<typeof seeded>) => Buffer;

const text = (b: Buffer) => b.toString('latin1');
const bytes = (s: string) => Buffer.from(s, 'latin1');

/** Each way real mail (and malice) breaks a message. */
export const MUTATORS: Record<string, Mutator> = {
  truncated: (raw, r) => raw.subarray(0, r.int(raw.length)),
  'broken boundary': (raw, r) =>
    bytes(text(raw).replace(/boundary="?([^";\r\n]+)"?/i, `boundary="${r.pick(['', 'x', '--', '"'])}"`)),
  'no closing boundary': (raw) => bytes(text(raw).replace(/--[^\r\n]*--\s*$/, '')),
  'wrong charset': (raw, r) =>
    bytes(
      text(raw).replace(
        /charset="?[^";\r\n]*"?/gi,
        `charset="${r.pick(['utf-8', 'shift_jis', 'iso-2022-jp', 'euc-jp', 'x-unknown', 'utf-7', 'ucs-2', ''])}"`,
      ),
    ),
  'NUL bytes': (raw, r) => {
    const b = Buffer.from(raw);
    for (let i = 0; i < 20; i++) b[r.int(b.length)] = 0;
    return b;
  },
  'flipped bytes': (raw, r) => {
    const b = Buffer.from(raw);
    for (let i = 0; i < 30; i++) b[r.int(b.length)] = r.int(256);
    return b;
  },
  'bad transfer encoding': (raw, r) =>
    bytes(
      text(raw).replace(
        /Content-Transfer-Encoding: \S+/gi,
        `Content-Transfer-Encoding: ${r.pick(['base64', 'quoted-printable', 'x-uuencode', '8bit'])}`,
      ),
    ),
  'empty body': (raw) => bytes(text(raw).split(/\r?\n\r?\n/)[0]! + '\r\n\r\n'),
  'headers only, no blank line': (raw) => bytes(text(raw).split(/\r?\n\r?\n/)[0]!),
  'garbled headers': (raw, r) =>
    bytes(text(raw).replace(/^([A-Za-z-]+):/gm, (m, h: string) => (r.next() < 0.3 ? `${h} ` : m))),
  'encoded-word soup': (raw) =>
    bytes(
      text(raw).replace(
        /^Subject:.*$/m,
        'Subject: =?utf-8?B?!!!?= =?iso-2022-jp?Q?=1B$B?= =?x?q?a?= =?UTF-8?B?44Kt\r\n\t44Oj?=',
      ),
    ),
  'CR/LF injection in headers': (raw) =>
    bytes(
      text(raw).replace(
        /^Subject:.*$/m,
        'Subject: =?UTF-8?B?' + Buffer.from('hi\r\nBcc: victim@evil.example\r\n\r\nbody').toString('base64') + '?=',
      ),
    ),
  'deeply nested multiparts': (_raw, r) => {
    const depth = 50 + r.int(400);
    let body = 'Content-Type: text/plain\r\n\r\nキャンセル\r\n';
    for (let i = 0; i < depth; i++)
      body = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${body}\r\n--n${i}--\r\n`;
    return bytes(`From: a@example.co.jp\r\nSubject: nested\r\nMIME-Version: 1.0\r\n${body}`);
  },
  'long header line': (raw, r) =>
    bytes(text(raw).replace(/^Subject:.*$/m, `Subject: ${'あ'.repeat(1000 + r.int(5000))}`)),
  'binary garbage': (_raw, r) => Buffer.from(Array.from({ length: 1 + r.int(4000) }, () => r.int(256))),
};

/** Rare and large: a 2 MB header line, a huge attachment. */
export const HEAVY_MUTATORS: Record<string, Mutator> = {
  '2 MB header line': (raw) => bytes(`X-Long: ${'a'.repeat(2 * 1024 * 1024)}\r\n${text(raw)}`),
  'huge attachment': (_raw, r) =>
    bytes(
      `From: a@example.co.jp\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="z"\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--z\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.alloc(
        3 * 1024 * 1024 + r.int(1024),
        7,
      )
        .toString('base64')
        .replace(/.{76}/g, '$&\r\n')}\r\n--z--\r\n`,
    ),
};

/** `count` mutants: every mutator used, heavy ones now and then, some mutated twice. */
export function* mutants(count: number, seed = 7): Generator<{ name: string; raw: Buffer }> {
  const r = seeded(seed);
  const base = seeds();
  const names = Object.keys(MUTATORS);
  const heavy = Object.keys(HEAVY_MUTATORS);
  for (let i = 0; i < count; i++) {
    if (i % 500 === 250) {
      const name = heavy[((i / 500) % heavy.length) | 0]!;
      yield { name, raw: HEAVY_MUTATORS[name]!(r.pick(base), r) };
      continue;
    }
    const first = names[i % names.length]!;
    let raw = MUTATORS[first]!(r.pick(base), r);
    let name = first;
    if (r.next() < 0.3) {
      const second = r.pick(names);
      raw = MUTATORS[second]!(raw, r);
      name += ` + ${second}`;
    }
    yield { name, raw };
  }
}
