// Summarizes a `node --cpu-prof` profile: where the CPU went, by area (pg's protocol and pool, pg-bakeoff's
// own code, histograms, Node internals, GC, idle) and by function (self time). Used to decide what the
// hot path needs and to show why a figure is what it is.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/run.ts closed-loop --only pg-bakeoff
//   npx tsx bench/profile-summary.ts /tmp/prof/<main thread file>.cpuprofile [--top 25]
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The area a frame belongs to, from its script URL. */
export function areaOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8/native (program)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return 'native';
  const own = /\/(core|bench|scenarios|reports)\/(.+)$/.exec(url);
  if (own) return `pg-bakeoff ${own[1]}/${own[2]}`;
  return url;
}

export function summarizeProfile(profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, time] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const area = areaOf(url, functionName);
    if (area === 'idle') continue;
    areas.set(area, (areas.get(area) ?? 0) + time);
    const key = `${functionName || '(anonymous)'}  ${area}:${lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + time);
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  const lines = [
    `profile: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (${((100 * busy) / total).toFixed(0)}%), shares below are of busy time`,
    '',
    'self time by area:',
    ...[...areas.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([area, t]) => `  ${pct(t)}  ${area}`),
    '',
    'self time by function:',
    ...[...functions.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, t]) => `  ${pct(t)}  ${fn}`),
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  for (const file of positionals) {
    console.log(`== ${file}`);
    console.log(summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile, Number(values.top)));
  }
}
