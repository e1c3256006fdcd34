// pg-bakeoff's own version, from package.json, for reports and `--version`. Imported (not read from disk)
// so bundlers inline it: the Lambda bundles have no package.json beside them.
import pkg from '../package.json' with { type: 'json' };

export function toolVersion(): string {
  return pkg.version;
}
