#!/usr/bin/env node
// Entry point of the `hardmatch` command (package.json "bin"). Runs on Node's type stripping.
import { runCli } from './run-cli.ts';

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
process.exitCode = code;
