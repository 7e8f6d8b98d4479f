import type { InboundRecord } from './inbound-record.js';

/**
 * Where a mail already taken sits in the store's inbound list, by SHA-256
 * and by Message-ID: the duplicate check on every mail taken, without a scan
 * of every mail ever taken (O(n) per mail, 7 ms at 100,000). The list only
 * ever grows at its end, so the index catches up with the records added
 * since it last looked; a list that does not continue the one it saw (a
 * store restored from a backup) is indexed again from the start.
 */
export class InboundIndex {
  private bySha = new Map<string, number>();
  private byMessageId = new Map<string, number>();
  private seen = 0;
  private lastSeen: InboundRecord | null = null;

  /** The position of a record of the same mail (same bytes, or same Message-ID), if there is one. */
  find(inbound: readonly InboundRecord[], sha256: string, messageId: string | null): number | undefined {
    this.catchUp(inbound);
    // The first record that matches either way, as a scan from the start would find.
    const hits = [this.bySha.get(sha256), messageId === null ? undefined : this.byMessageId.get(messageId)];
    const found = hits.filter((i): i is number => i !== undefined);
    if (found.length === 0) return undefined;
    const at = Math.min(...found);
    const record = inbound[at]!;
    if (record.rawSha256 === sha256 || (messageId !== null && record.messageId === messageId)) return at;
    // Not what the index said: the list was replaced. Look again from scratch.
    this.reset();
    return this.find(inbound, sha256, messageId);
  }

  private catchUp(inbound: readonly InboundRecord[]): void {
    const last = this.seen > 0 ? inbound[this.seen - 1] : null;
    if (inbound.length < this.seen || last?.id !== this.lastSeen?.id || last?.rawSha256 !== this.lastSeen?.rawSha256)
      this.reset();
    for (let i = this.seen; i < inbound.length; i++) {
      const r = inbound[i]!;
      if (!this.bySha.has(r.rawSha256)) this.bySha.set(r.rawSha256, i);
      if (r.messageId !== null && !this.byMessageId.has(r.messageId)) this.byMessageId.set(r.messageId, i);
    }
    this.seen = inbound.length;
    this.lastSeen = inbound[inbound.length - 1] ?? null;
  }

  private reset(): void {
    this.bySha = new Map();
    this.byMessageId = new Map();
    this.seen = 0;
    this.lastSeen = null;
  }
}
