#!/usr/bin/env node
/**
 * `errmap-audit <url> [--route …] [--json]`: Node's shell around `runCli`, which holds
 * the whole command and runs on any runtime. It lives outside src/ because it reads
 * `process` (src/ must run unchanged on every Fetch runtime: test/purity.test.ts).
 */
import { runCli } from '../src/audit/cli.js'

void runCli(process.argv.slice(2), {
  write: (text) => void process.stdout.write(text),
  error: (text) => void process.stderr.write(text),
}).then((code) => {
  process.exitCode = code
})
