#!/usr/bin/env node
// Writes docs/spec.md from schema/homelab.schema.json.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { specDocs } from './spec-docs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
writeFileSync(`${root}docs/spec.md`, specDocs(root));
