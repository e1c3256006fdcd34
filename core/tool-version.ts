// pg-bakeoff's own version, from package.json, for reports and `--version`. Imported (not read from disk
// at run time), so a bundled Lambda handler, which has no package.json next to it, knows it too.
import pkg from '../package.json' with { type: 'json' };

export function toolVersion(): string {
  return pkg.version;
}
