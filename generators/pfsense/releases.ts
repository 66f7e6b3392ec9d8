import type { PfSenseRelease } from '../../src/model/types.ts';

/** What config.xml must match on one pfSense CE release. */
export interface ReleaseFacts {
  /**
   * The `<version>` written: the release's `latest_config` (src/etc/inc/globals.inc), so that a
   * restore runs no upgrade step and a later pfSense update runs every step after it.
   */
  configVersion: string;
  /** Where `latest_config` was read: the ref in github.com/pfsense/pfsense and the line. */
  source: string;
  /** The DHCP server: Kea, as ISC DHCP is end-of-life with a warning on every DHCP page since 2.7.1. */
  dhcpBackend: 'kea';
}

/**
 * Per release. 2.8.0 and 2.8.1 have no branch in the public repository; 2.8.0 was branched
 * from master on 2025-04-02 (commit a3671d9bb6 bumps master to 2.9.0-DEVELOPMENT), where
 * `latest_config` is 23.9. master's next step, upgrade_239_to_240 (commit 5379e5cf16, "Sync
 * config revision"), is empty, so 23.9 is right whether a 2.8.x build stops at 23.9 or 24.0.
 */
export const RELEASES: Readonly<Record<PfSenseRelease, ReleaseFacts>> = {
  '2.7.2': {
    configVersion: '23.3',
    source: 'RELENG_2_7_2 (ec956d343e) src/etc/inc/globals.inc line 85',
    dhcpBackend: 'kea',
  },
  '2.8.0': {
    configVersion: '23.9',
    source: 'master at 6a92af1458, the last 2.8.0-DEVELOPMENT commit, src/etc/inc/globals.inc line 85',
    dhcpBackend: 'kea',
  },
  '2.8.1': {
    configVersion: '23.9',
    source: 'master at 6a92af1458, the last 2.8.0-DEVELOPMENT commit, src/etc/inc/globals.inc line 85',
    dhcpBackend: 'kea',
  },
};
