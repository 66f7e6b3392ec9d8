import type { Model, SecretRef } from '../../src/model/types.ts';
import { attr, block, comment, expr, hclFile, ref } from '../../src/emit/hcl.ts';

/** The bpg/proxmox release the resources are written and checked against (its schema is in the tests). */
export const PROVIDER_SOURCE = 'bpg/proxmox';
export const PROVIDER_VERSION = '~> 0.111.1';
/** The provider supports Terraform 1.5+ (and OpenTofu 1.6+). */
export const TERRAFORM_VERSION = '>= 1.5.0';

/** Terraform variables the operator supplies: nothing in them belongs in git. */
export const VAR = {
  apiToken: 'proxmox_api_token',
  sshUsername: 'proxmox_ssh_username',
  sshPrivateKey: 'proxmox_ssh_private_key',
} as const;

/** `versions.tf`: Terraform and provider versions. */
export function versionsTf(): string {
  return hclFile([
    block('terraform', [], [
      attr('required_version', TERRAFORM_VERSION),
      block('required_providers', [], [attr('proxmox', { source: PROVIDER_SOURCE, version: PROVIDER_VERSION })]),
    ]),
  ]);
}

/**
 * `providers.tf`: the API endpoint and token, and SSH, which the provider needs to upload the
 * cloud-init snippets; one `node` block per Proxmox host whose address the spec gives.
 * @see https://registry.terraform.io/providers/bpg/proxmox/latest/docs#ssh-connection
 */
export function providersTf(m: Model): string {
  const p = m.proxmox;
  return hclFile([
    comment(
      p.insecure
        ? 'proxmox.insecure is on: the endpoint\'s certificate is not checked.'
        : [
            "The endpoint's certificate is signed by the Proxmox cluster's own CA: `make vms` trusts the",
            'copy `make proxmox` fetched (SSL_CERT_DIR), or add that CA to the system trust store.',
          ].join('\n'),
    ),
    block('provider', ['proxmox'], [
      attr('endpoint', p.endpoint),
      attr('api_token', ref('var', VAR.apiToken)),
      attr('insecure', p.insecure),
      block('ssh', [], [
        attr('username', ref('var', VAR.sshUsername)),
        attr('private_key', ref('var', VAR.sshPrivateKey)),
        // Without a key, the provider signs in through the operator's ssh-agent.
        attr('agent', expr(`var.${VAR.sshPrivateKey} == null`)),
        ...p.hosts
          .filter((h) => h.address !== undefined)
          .map((h) => block('node', [], [attr('name', h.name), attr('address', h.address!)])),
      ]),
    ]),
  ]);
}

/** Where the API token lives, in words, with the command that hands it to Terraform. */
export function tokenSource(ref: SecretRef): string {
  const tfVar = `TF_VAR_${VAR.apiToken}`;
  return ref.kind === 'env'
    ? `export ${tfVar}="$${ref.env}"`
    : `export ${tfVar}="$(vault kv get -field=${ref.key} ${ref.path})"`;
}

/** `variables.tf`: credentials only, supplied from the environment (TF_VAR_…) or an untracked tfvars file. */
export function variablesTf(m: Model): string {
  const token = m.proxmox.apiToken;
  const where = token.kind === 'env' ? `the environment variable ${token.env}` : `Vault (${token.path}, key ${token.key})`;
  return hclFile([
    block('variable', [VAR.apiToken], [
      attr(
        'description',
        `Proxmox VE API token, "user@realm!id=secret". \`make proxmox\` creates it in ~/.config/homelabeazy/${m.name}/proxmox-api-token and \`make vms\` hands it over; or keep it in ${where} and hand it over with: ${tokenSource(token)}`,
      ),
      attr('type', expr('string')),
      attr('sensitive', true),
      attr('nullable', false),
    ]),
    block('variable', [VAR.sshUsername], [
      attr('description', `User the provider signs in as over SSH on every Proxmox host to upload cloud-init snippets (TF_VAR_${VAR.sshUsername}).`),
      attr('type', expr('string')),
      attr('default', 'root'),
      attr('nullable', false),
    ]),
    block('variable', [VAR.sshPrivateKey], [
      attr('description', `Private key for that SSH user, in OpenSSH PEM form (TF_VAR_${VAR.sshPrivateKey}). Leave unset to use the running ssh-agent.`),
      attr('type', expr('string')),
      attr('default', null),
      attr('sensitive', true),
    ]),
  ]);
}

/** `terraform.tfvars.example`: the variables, without values; the optional ones commented out. */
export function tfvarsExample(m: Model): string {
  return hclFile([
    comment(
      [
        'Copy to terraform.tfvars (ignored by git) and fill in, or export TF_VAR_<name> instead:',
        `  ${tokenSource(m.proxmox.apiToken)}`,
        'Never commit the filled-in file.',
      ].join('\n'),
    ),
    attr(VAR.apiToken, ''),
    comment(
      [
        `Optional: SSH user on the Proxmox hosts (default "root"), and its private key`,
        '(default: none, the running ssh-agent signs in).',
        `${VAR.sshUsername} = ""`,
        `${VAR.sshPrivateKey} = ""`,
      ].join('\n'),
    ),
  ]);
}

/** `.gitignore`: Terraform's working files, state and filled-in variables stay out of git. */
export const gitignore = (): string =>
  ['.terraform/', '*.tfstate', '*.tfstate.*', 'crash.log', 'terraform.tfvars', '*.auto.tfvars', ''].join('\n');
