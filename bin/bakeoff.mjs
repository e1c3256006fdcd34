#!/usr/bin/env node
// The `bakeoff` command. pg-bakeoff is written in TypeScript and runs through tsx's loader, so a clone
// works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
