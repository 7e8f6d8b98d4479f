import type { Config } from '../config.js';

// Apart from the TLS client (fetch-served.ts) so that reading the settings, as `status` does, loads no TLS.

/** Where and how the install check connects (CERTDESK_TLS_CHECK_*). */
export interface TlsCheckSettings {
  /** Connect here instead of the host's own address (an internal network, a test server). */
  address?: string | undefined;
  port: number;
  timeoutMs: number;
  /** PEM files of roots trusted besides the system's (a private CA, a test's). */
  extraCaFiles?: string[] | undefined;
}

export function tlsCheckSettings(
  config: Pick<Config, 'tlsCheckAddress' | 'tlsCheckPort' | 'tlsCheckTimeoutMs' | 'tlsCheckCa'>,
): TlsCheckSettings {
  return {
    address: config.tlsCheckAddress,
    port: config.tlsCheckPort,
    timeoutMs: config.tlsCheckTimeoutMs,
    extraCaFiles: config.tlsCheckCa ? [config.tlsCheckCa] : [],
  };
}
