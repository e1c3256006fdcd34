// pg-bakeoff's own version, from package.json, for reports and `--version`.
import fs from 'node:fs';

let version: string | undefined;

export function toolVersion(): string {
  if (!version) {
    const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    version = pkg.version;
  }
  return version;
}
