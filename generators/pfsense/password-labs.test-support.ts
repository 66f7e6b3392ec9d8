import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { minimalSpec, modelFrom, referenceModel, root } from '../../test/helpers.ts';
import { lab } from '../../test/arbitrary.ts';
import { starterPassword, starterSpec } from '../../src/cli/init.ts';
import { hashPassword } from '../../src/cli/hash-password.ts';
import type { Model } from '../../src/model/types.ts';
import { edgeSpec } from '../terraform/lab.test-support.ts';
import generator from './index.ts';
import { ODD_SPEC } from './labs.test-helper.ts';

/** config.xml of a model. */
export const configOf = (m: Model): string => generator.generate(m, { generators: [] }).find((f) => f.path === 'pfsense/config.xml')!.contents;

/**
 * Every lab the tests compile: the examples, the fixture, the inline labs, the starter spec
 * `homelab init` writes, and labs the property arbitrary makes (a fixed seed). `fast` hashes
 * the starter spec's password at bcrypt cost 4 instead of `homelab init`'s 12.
 */
export function passwordLabs(fast = false): [string, () => Model][] {
  const arbitrary = fc.sample(lab, { seed: 13, numRuns: 8 });
  return [
    ['reference', referenceModel],
    ['minimal', () => modelFrom(minimalSpec())],
    ['fixture base.yaml', () => modelFrom(readFileSync(`${root}test/fixtures/base.yaml`, 'utf8'))],
    ['odd', () => modelFrom(ODD_SPEC)],
    ['edge', () => modelFrom(edgeSpec)],
    ['homelab init', () => modelFrom(fast ? starterSpec(undefined, hashPassword(starterPassword(), 4)) : starterSpec())],
    ...arbitrary.map((a, i): [string, () => Model] => [`arbitrary #${i}`, () => modelFrom(a.text)]),
  ];
}
