/** Identity: the OpenLDAP directory and Authelia single sign-on in front of every web UI. */
import type { Model, SecretRef } from '../../../src/model/types.ts';
import { CHARTS } from '../charts.ts';
import { FORWARD_AUTH } from '../k8s.ts';
import { WAVE, configUnit, joinUnits, type Unit } from '../unit.ts';
import { AUTHELIA_VAULT_PATH, serviceRoute, storageClass, clusterSize, secretFrom } from './common.ts';

const directoryAdminDn = (m: Model): string => `cn=admin,${m.services.directory.baseDn}`;

/** OpenLDAP (jpgouin's image, not Bitnami's), its admin password from Vault. @see https://github.com/jp-gouin/helm-openldap */
export function directory(m: Model): Unit {
  const d = m.services.directory;
  if (!d.enabled) return { apps: [], manifests: [] };
  const replicas = clusterSize(m) >= 3 ? 3 : 1;
  return joinUnits(
    configUnit('openldap-config', 'openldap', 'core', WAVE.openldapConfig, 'openldap', {
      'admin-secret.yaml': secretFrom(m, 'openldap-admin', 'openldap', [
        { secretKey: 'LDAP_ADMIN_PASSWORD', ref: d.adminPassword },
        { secretKey: 'LDAP_CONFIG_ADMIN_PASSWORD', ref: d.adminPassword },
      ]),
    }),
    {
      apps: [{
        name: 'openldap', namespace: 'openldap', project: 'core', wave: WAVE.openldap,
        source: { kind: 'helm', chart: CHARTS.openldap, values: {
          fullnameOverride: 'openldap',
          global: { ldapDomain: d.baseDn, adminUser: 'admin', configUser: 'admin', existingSecret: 'openldap-admin' },
          replicaCount: replicas,
          replication: { enabled: replicas > 1 },
          persistence: { enabled: true, storageClass: storageClass(m) },
          'ltb-passwd': { enabled: false },
          phpldapadmin: { enabled: false },
        } },
      }],
      manifests: [],
    },
  );
}

/** Authelia's access rules: one per routed host name with its policy; anything else is denied. */
export function accessRules(m: Model): { domain: string; policy: string }[] {
  return m.routes.map((r) => ({ domain: r.host, policy: r.access }));
}

/** The session cookie's domain and Authelia's own label under it (the chart builds `authelia_url` from them). */
export function cookieDomain(m: Model): { domain: string; subdomain: string } {
  const host = m.services.sso.host;
  if (host.endsWith(`.${m.domain}`)) return { domain: m.domain, subdomain: host.slice(0, -(m.domain.length + 1)) };
  const dot = host.indexOf('.');
  return { domain: host.slice(dot + 1), subdomain: host.slice(0, dot) };
}

/** Authelia with OpenLDAP as its user store, and the forward-auth Middleware. @see https://www.authelia.com/integration/kubernetes/chart/ */
export function sso(m: Model): Unit {
  const s = m.services.sso;
  if (!s.enabled) return { apps: [], manifests: [] };
  const d = m.services.directory;
  const key = (secretKey: string, property: string): { secretKey: string; ref: SecretRef } => ({ secretKey, ref: { kind: 'vault', path: AUTHELIA_VAULT_PATH, key: property } });
  return joinUnits(
    configUnit('authelia-config', 'authelia', 'core', WAVE.autheliaConfig, 'authelia', {
      'secrets.yaml': secretFrom(m, 'authelia-secrets', 'authelia', [
        { secretKey: 'authentication.ldap.password.txt', ref: d.adminPassword },
        key('session.encryption.key', 'session-encryption-key'),
        key('storage.encryption.key', 'storage-encryption-key'),
        key('identity_validation.reset_password.jwt.hmac.key', 'reset-password-jwt-key'),
      ]),
      'forward-auth.yaml': [{
        apiVersion: 'traefik.io/v1alpha1',
        kind: 'Middleware',
        metadata: { ...FORWARD_AUTH },
        spec: { forwardAuth: {
          address: 'http://authelia.authelia.svc.cluster.local/api/authz/forward-auth',
          trustForwardHeader: true,
          authResponseHeaders: ['Remote-User', 'Remote-Groups', 'Remote-Email', 'Remote-Name'],
        } },
      }],
      'route.yaml': serviceRoute(m, 'sso'),
    }),
    {
      apps: [{
        name: 'authelia', namespace: 'authelia', project: 'core', wave: WAVE.authelia,
        source: { kind: 'helm', chart: CHARTS.authelia, values: {
          pod: { kind: 'Deployment', replicas: 1 },
          persistence: { enabled: true, storageClass: storageClass(m) },
          secret: { existingSecret: 'authelia-secrets' },
          configMap: {
            session: { cookies: [cookieDomain(m)] },
            authentication_backend: { ldap: {
              enabled: true,
              implementation: 'custom',
              address: 'ldap://openldap.openldap.svc.cluster.local:389',
              base_dn: d.baseDn,
              additional_users_dn: 'ou=users',
              users_filter: '(&({username_attribute}={input})(objectClass=inetOrgPerson))',
              additional_groups_dn: 'ou=groups',
              groups_filter: '(&(member={dn})(objectClass=groupOfNames))',
              user: directoryAdminDn(m),
              attributes: { username: 'uid', display_name: 'cn', mail: 'mail', member_of: 'memberOf', group_name: 'cn' },
            } },
            access_control: { default_policy: 'deny', rules: accessRules(m) },
            storage: { local: { enabled: true } },
            notifier: { filesystem: { enabled: true } },
          },
        } },
      }],
      manifests: [],
    },
  );
}
