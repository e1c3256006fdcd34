// Entry of child processes pg-bakeoff forks (load workers, the HTTP service): registers tsx's loader, as
// bin/bakeoff.mjs does, then imports the TypeScript module named by the first argument. Resolving tsx from
// this file (not from the working directory) lets a child start wherever the user runs `bakeoff` from.
import { register } from 'tsx/esm/api';

register();
// Remove our own argument so the module sees its arguments from argv[2], as if it had been run directly.
const [modulePath] = process.argv.splice(2, 1);
if (!modulePath) throw new Error('ts-bootstrap needs the path of a module to run');
await import(modulePath);
