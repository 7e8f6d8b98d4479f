import Encoding from 'encoding-japanese';

export interface MailSpec {
  from?: string;
  to?: string;
  subject?: string;
  body: string;
  headers?: Record<string, string>;
  /** How the body is encoded and labelled. */
  charset?: 'utf-8' | 'iso-2022-jp' | 'shift_jis' | 'euc-jp';
  /** The label put on it, when it differs (mislabelled mail); '' for none. */
  label?: string;
  html?: boolean;
  messageId?: string;
  inReplyTo?: string;
}

const ENCODINGS = { 'iso-2022-jp': 'JIS', shift_jis: 'SJIS', 'euc-jp': 'EUCJP' } as const;

function encodeBody(body: string, charset: MailSpec['charset']): Buffer {
  if (!charset || charset === 'utf-8') return Buffer.from(body, 'utf8');
  return Buffer.from(Encoding.convert(Encoding.stringToCode(body), { to: ENCODINGS[charset], from: 'UNICODE' }));
}

function encodeWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;
}

/** A raw message as a mail client would write it (8-bit body, encoded-word headers). */
export function buildMail(spec: MailSpec): Buffer {
  const charset = spec.charset ?? 'utf-8';
  const label = spec.label ?? charset;
  const head = [
    `From: ${spec.from ?? '田中 誠 <m.tanaka@sample.co.jp>'}`.replace(
      /^From: (.*?) </,
      (_m, name: string) => `From: ${encodeWord(name)} <`,
    ),
    `To: ${spec.to ?? 'ssl-desk@biz-mail.example.jp'}`,
    `Subject: ${encodeWord(spec.subject ?? 'Re: 【Bizメール&ウェブ】サーバー証明書設定完了のお知らせ')}`,
    'Date: Mon, 23 Nov 2026 10:15:42 +0900',
    `Message-ID: ${spec.messageId ?? `<t${Math.random().toString(36).slice(2)}@sample.co.jp>`}`,
    ...(spec.inReplyTo ? [`In-Reply-To: ${spec.inReplyTo}`, `References: ${spec.inReplyTo}`] : []),
    'MIME-Version: 1.0',
    `Content-Type: ${spec.html ? 'text/html' : 'text/plain'}${label ? `; charset="${label}"` : ''}`,
    `Content-Transfer-Encoding: ${charset === 'iso-2022-jp' ? '7bit' : '8bit'}`,
    ...Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  return Buffer.concat([
    Buffer.from(head.join('\r\n') + '\r\n\r\n'),
    encodeBody(spec.body.replace(/\n/g, '\r\n'), charset),
  ]);
}

/** The desk's completion mail as customers' clients quote it. */
export const COMPLETION_QUOTE = `株式会社エグザンプル
山田 太郎 様

いつもBizメール&ウェブ プレミアムをご利用いただき、ありがとうございます。
お申し込みいただいたSSLサーバー証明書の設定が完了しましたのでお知らせします。

  コモンネーム : www.sample.co.jp
  設定完了日   : 2026年11月20日
  認証タイプ   : 組織認証型

■キャンセルについて
キャンセルをご希望の場合は、本メールに以下の項目を記載してご返信ください。
  → コモンネーム
  → キャンセル理由
サーバー証明書インストール完了後のキャンセルについては、「証明書料金」および
「SSL設定料」を請求させていただきます。JPRS社へ直接キャンセル申請はできません。

Bizメール&ウェブ SSLデスク
ssl-desk@biz-mail.example.jp`;

export const quoted = (text: string) =>
  text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
