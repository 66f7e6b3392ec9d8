/** Secrets: Vault and External Secrets. */
import type { Model } from '../../../src/model/types.ts';
import { CHARTS } from '../charts.ts';
import { SECRET_STORE } from '../k8s.ts';
import { WAVE, configUnit, joinUnits, type Unit } from '../unit.ts';
import { serviceRoute, storageClass } from './common.ts';

/** Vault, External Secrets and the ClusterSecretStore reading Vault's KV v2 mount. @see https://external-secrets.io/latest/provider/hashicorp-vault/ */
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
            server: { standalone: { enabled: true }, dataStorage: { enabled: true, storageClass: storageClass(m) } },
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
    configUnit('external-secrets-config', 'external-secrets', 'core', WAVE.externalSecretsConfig, 'external-secrets', {
      'cluster-secret-store.yaml': [{
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: SECRET_STORE },
        spec: { provider: { vault: {
          server: s.vaultAddress,
          path: s.mount,
          version: 'v2',
          auth: { kubernetes: { mountPath: 'kubernetes', role: 'external-secrets', serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
        } } },
      }],
    }),
    configUnit('vault-config', 'vault', 'core', WAVE.vaultConfig, 'vault', { 'route.yaml': serviceRoute(m, 'secrets') }),
  );
}
