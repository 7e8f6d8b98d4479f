import { describe, expect, it } from 'vitest';
import { isUsable, readStaffCommands } from '../../src/extract/staff-commands.js';

const read = (text: string) =>
  readStaffCommands(text).map((c) =>
    isUsable(c) ? `${c.verb} ${c.target.id}${c.rest ? ` | ${c.rest}` : ''}` : `unusable: ${c.problem}`,
  );

describe('staff commands at the top of a reply', () => {
  it('reads each verb, English and Japanese, ids as typed (case, width, missing zeros)', () => {
    expect(
      read(
        'confirm C-0042\n承認 c-7\nreject C-0043 お客様に確認済み: 継続利用\n却下　Ｃ－００４４ 重複のため\nresolve I-123\n対応済み I-000124\nretry m-31\n再送 M-000032\napply A-0007\nrefuse A-8 本人確認できず',
      ),
    ).toEqual([
      'approve C-0042',
      'approve C-0007',
      'reject C-0043 | お客様に確認済み: 継続利用',
      'reject C-0044 | 重複のため',
      'resolve I-000123',
      'resolve I-000124',
      'retry M-000031',
      'retry M-000032',
      'approve A-0007',
      'reject A-0008 | 本人確認できず',
    ]);
  });

  it('reads nothing below the first quote, and stops at the first line that is not a command', () => {
    const reply = [
      'confirm C-0042',
      '',
      'retry M-000031',
      'ありがとうございます。confirm C-0050 は後で。',
      'confirm C-0051',
      '',
      '2026年12月3日 9:00 certdesk <ssl-desk@biz-mail.example.jp>:',
      '> confirm C-0099   (or: reject C-0099 理由…)',
    ].join('\n');
    expect(read(reply)).toEqual(['approve C-0042', 'retry M-000031']);
    expect(read('> confirm C-0099\n> resolve I-000001')).toEqual([]);
    expect(read('Thanks, done.\nconfirm C-0042')).toEqual([]);
  });

  it('a command that cannot be one is said back, not guessed', () => {
    expect(read('resolve C-0042\nretry X-12')).toEqual([
      'unusable: C-0042 is an order: it takes approve or reject',
      'unusable: X-12 is not an id the desk gives (C-, A-, I-, M-)',
    ]);
  });

  it('a customer sentence is not a command', () => {
    expect(read('キャンセルをお願いします。\nコモンネーム：www.example.co.jp')).toEqual([]);
    expect(read('承認します。よろしくお願いします。')).toEqual([]);
    expect(read('Confirmed, thank you')).toEqual([]);
    // The current contact answering our confirmation mail.
    expect(read('承認')).toEqual([]);
    expect(read('confirm\n\n> 担当者変更の確認')).toEqual([]);
  });
});
