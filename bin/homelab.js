#!/usr/bin/env node
// The `homelab` command. The CLI and its generators are bundled into dist/ by `npm run build`,
// which `npm ci` runs through the `prepare` script.
import '../dist/homelab.js';
