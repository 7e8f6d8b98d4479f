import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchServed } from '../../src/certs/fetch-served.js';
import type { TlsCheckSettings } from '../../src/certs/tls-check-settings.js';
import { factsOf, readPemChain } from '../../src/certs/read-certificate.js';
import type { CertFacts } from '../../src/domain/certificate.js';
import { judgeServed } from '../../src/domain/served-check.js';
import { readFileSync } from 'node:fs';
import {
  makeCa,
  requireOpensslOrSkip,
  startSilentServer,
  startTlsServer,
  type TestCa,
  type TestCert,
} from '../helpers/tls.js';

const CN = 'www.example.co.jp';
const facts = (c: TestCert): CertFacts => factsOf(readPemChain(readFileSync(c.certFile, 'utf8'))[0]!);

describe.skipIf(!requireOpensslOrSkip())(
  'what a loopback TLS server serves, judged against the issued certificate',
  () => {
    let jprs: TestCa;
    let other: TestCa;
    let untrusted: TestCa;
    let issued: TestCert;
    let server: Awaited<ReturnType<typeof startTlsServer>>;
    let settings: TlsCheckSettings;

    beforeAll(async () => {
      jprs = makeCa('Test JPRS');
      other = makeCa('Other CA');
      untrusted = makeCa('Nobody Trusts');
      issued = jprs.issue({ names: [CN] });
      server = await startTlsServer(issued);
      settings = {
        address: '127.0.0.1',
        port: server.port,
        timeoutMs: 1500,
        extraCaFiles: [jprs.certFile, other.certFile],
      };
    });
    afterAll(() => server.close());

    const judge = async (serving: TestCert | null, expected: CertFacts | null = facts(issued)) => {
      if (serving) server.serve(serving);
      return judgeServed({ commonName: CN }, expected, await fetchServed(CN, settings), new Date());
    };

    it('match: the issued certificate, by its fingerprint, on a trusted chain', async () => {
      expect(await judge(issued)).toMatchObject({
        verified: true,
        leaf: { fingerprint256: facts(issued).fingerprint256 },
      });
    });

    it('another certificate for the same name: held, naming what is served', async () => {
      const old = jprs.issue({ names: [CN] });
      const v = await judge(old);
      expect(v.verified).toBe(false);
      expect(v).toMatchObject({ problem: expect.stringContaining(`serves serial ${facts(old).serial}`) });
      expect(v).toMatchObject({
        problem: expect.stringContaining(`not the issued certificate (serial ${facts(issued).serial})`),
      });
    });

    it('a chain from another issuer: held, saying so', async () => {
      const v = await judge(other.issue({ names: [CN] }));
      expect(v).toMatchObject({ verified: false, problem: expect.stringContaining('another issuer') });
    });

    it('expired', async () => {
      const expired = jprs.issue({ names: [CN], from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' });
      const v = await judge(expired, facts(expired));
      expect(v).toMatchObject({ verified: false, problem: expect.stringMatching(/expired$/) });
    });

    it('the wrong name (checked without an issued certificate on record)', async () => {
      const v = await judge(jprs.issue({ names: ['mail.example.co.jp'] }), null);
      expect(v).toMatchObject({
        verified: false,
        problem: expect.stringContaining('for mail.example.co.jp, not www.example.co.jp'),
      });
    });

    it('an untrusted chain: the issued certificate, but no way to a trusted root', async () => {
      const self = untrusted.issue({ names: [CN] });
      const v = await judge(self, facts(self));
      expect(v).toMatchObject({ verified: false, problem: expect.stringContaining('does not lead to a trusted root') });
    });

    it('no TLS (plain HTTP on the port), nothing listening, and a server that never answers (timeout)', async () => {
      const plain = await startSilentServer('plain');
      const silent = await startSilentServer('silent');
      try {
        const ask = (port: number) =>
          fetchServed(CN, { ...settings, port }).then((a) =>
            judgeServed({ commonName: CN }, facts(issued), a, new Date()),
          );
        expect(await ask(plain.port)).toMatchObject({
          verified: false,
          problem: expect.stringContaining('TLS handshake failed'),
        });
        const started = Date.now();
        expect(await ask(silent.port)).toMatchObject({
          verified: false,
          problem: expect.stringContaining('no TLS answer within 1.5 s'),
        });
        expect(Date.now() - started).toBeLessThan(5000);
        const closedPort = plain.port;
        await plain.close();
        expect(await ask(closedPort)).toMatchObject({
          verified: false,
          problem: expect.stringContaining('no answer from'),
        });
      } finally {
        await silent.close();
      }
    });
  },
);
