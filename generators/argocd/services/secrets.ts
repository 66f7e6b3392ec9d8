/** Secrets: Vault and External Secrets. */
import type { Model } from '../../../src/model/types.ts';
import { CHARTS } from '../charts.ts';
import { WAVE, configUnit, joinUnits, type Unit } from '../unit.ts';
import { serviceRoute, storageClass } from './common.ts';

/**
 * Vault's readiness: 2xx while sealed or uninitialised too, so Argo CD sees Vault Healthy before
 * the secrets bootstrap (run after the root Application) initialises and unseals it. The chart's
 * default probe, `vault status`, exits 2 while sealed and would hold every later wave for ever.
 * @see https://developer.hashicorp.com/vault/api-docs/system/health
 */
export const VAULT_READINESS_PATH = '/v1/sys/health?standbyok=true&sealedcode=204&uninitcode=204';

/**
 * Vault (standalone, file storage on a volume) and External Secrets. Each namespace that reads
 * Vault brings its own ClusterSecretStore, limited to it, beside its ExternalSecrets.
 * @see https://github.com/hashicorp/vault-helm/blob/v0.34.1/values.yaml
 * @see https://external-secrets.io/latest/provider/hashicorp-vault/
 */
export function secrets(m: Model): Unit {
  const s = m.services.secrets;
  if (!s.enabled) return { apps: [], manifests: [] };
  return joinUnits(
    {
      apps: [
        {
          name: 'vault', namespace: 'vault', project: 'core', wave: WAVE.vault,
          source: { kind: 'helm', chart: CHARTS.vault, values: {
            injector: { enabled: false },
            server: {
              standalone: { enabled: true },
              dataStorage: { enabled: true, storageClass: storageClass(m) },
              readinessProbe: { enabled: true, path: VAULT_READINESS_PATH },
            },
            ui: { enabled: true },
          } },
        },
        {
          name: 'external-secrets', namespace: 'external-secrets', project: 'core', wave: WAVE.externalSecrets, serverSideApply: true,
          source: { kind: 'helm', chart: CHARTS.externalSecrets, values: { installCRDs: true } },
        },
      ],
      manifests: [],
    },
    configUnit('vault-config', 'vault', 'core', WAVE.vaultConfig, 'vault', { 'route.yaml': serviceRoute(m, 'secrets') }),
  );
}
