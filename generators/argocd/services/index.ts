/** Every core service of the lab, each on its switch. */
import type { Model } from '../../../src/model/types.ts';
import { joinUnits, type Unit } from '../unit.ts';
import { storage, metallb, certManager, traefik, argocdRoute } from './platform.ts';
import { secrets } from './secrets.ts';
import { directory, sso } from './identity.ts';
import { discovery, logging } from './observability.ts';
import { backups } from './backups.ts';

/** Every enabled core service. */
export function coreServices(m: Model): Unit {
  return joinUnits(storage(m), metallb(m), certManager(m), secrets(m), traefik(m), directory(m), sso(m), argocdRoute(m), discovery(m), logging(m), backups(m));
}

export { CORE_NAMESPACES, AUTHELIA_VAULT_PATH, storageClass } from './common.ts';
export { accessRules, cookieDomain } from './identity.ts';
export { consulServers } from './observability.ts';
