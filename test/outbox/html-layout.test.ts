import { describe, expect, it } from 'vitest';
import { htmlFromText } from '../../src/outbox/html-layout.js';
import { renderMail } from '../../src/outbox/render.js';
import { previewData, sampleOrder } from '../../src/outbox/sample-data.js';
import { LOCALES, MAIL_KIND_NAMES } from '../../src/outbox/mail-kinds.js';
import { requireChromiumOrSkip, seenInBrowser } from '../helpers/chromium.js';

const render = (kind: (typeof MAIL_KIND_NAMES)[number], locale: 'ja' | 'en') =>
  renderMail(kind, locale, {
    ...previewData(kind, sampleOrder(locale)),
    deskName: 'SSLデスク',
    deskAddress: 'desk@example.jp',
  });

describe('the HTML part is a page, laid out from the text', () => {
  it('facts become a table, ■ lines headings, → lines a list, addresses links, the signature a footer', () => {
    const html = render('setup-completion', 'ja').html;
    expect(html).toMatch(/<html lang="ja">/);
    expect(html).toMatch(/<h1[^>]*>【Bizメール&amp;ウェブ】サーバー証明書設定完了のお知らせ/);
    expect(html).toMatch(/<th scope="row"[^>]*>コモンネーム<\/th><td[^>]*>www\.example\.co\.jp<\/td>/);
    expect(html).toMatch(/<h2[^>]*>キャンセルについて<\/h2>/);
    expect(html).toMatch(/<li>コモンネーム<\/li><li>キャンセル理由<\/li>/);
    expect(html).toMatch(/<footer[^>]*>SSLデスク<br>desk@example\.jp/);
    expect(html).not.toContain('<pre');
    const docs = render('documents-requested', 'en').html;
    expect(docs).toContain('<a href="https://jprs.jp/pubcert/">https://jprs.jp/pubcert/</a>');
  });

  it('escapes every character that came from outside', () => {
    const html = htmlFromText('  Reason : <script>alert(1)</script> & "x"\n', 'a <b> subject', 'en');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
    expect(html).toContain('<title>a &lt;b&gt; subject</title>');
    expect(html).not.toMatch(/<script>/);
  });

  it('every kind in both languages becomes a page with no raw text block', () => {
    for (const locale of LOCALES)
      for (const kind of MAIL_KIND_NAMES) {
        const { html, subject } = render(kind, locale);
        expect(html, `${kind} ${locale}`).toMatch(/^<!doctype html>/);
        expect(html).toContain(`<title>`);
        expect(html.length).toBeGreaterThan(subject.length);
      }
  });
});

describe.skipIf(!requireChromiumOrSkip())('in a real browser (headless Chromium)', () => {
  it('the completion mail shows its facts: common name, order number, expiry, in rows a person reads', () => {
    const seen = seenInBrowser(render('setup-completion', 'ja').html);
    expect(seen.title).toContain('サーバー証明書設定完了のお知らせ');
    expect(seen.rows).toContainEqual(expect.stringMatching(/^コモンネーム\s+www\.example\.co\.jp$/));
    expect(seen.rows).toContainEqual(expect.stringMatching(/^受付番号\s+C-0007$/));
    expect(seen.rows).toContainEqual(expect.stringMatching(/^有効期限\s+\d{4}年\d+月\d+日/));
    expect(seen.text).toContain('キャンセル理由');
    expect(seen.text).toContain('証明書料金');
  }, 90_000);

  it('the documents request shows where to post them', () => {
    const seen = seenInBrowser(render('documents-requested', 'ja').html);
    expect(seen.text).toContain('〒920-0963 石川県金沢市出羽町4-1');
    expect(seen.text).toContain('金沢OCNサービスセンタ(4F)');
  }, 90_000);
});
