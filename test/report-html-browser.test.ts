// report.html as a person sees it: opened from disk in headless Chromium, every chart renders (an SVG with
// marks, naming the variants), the page logs no console errors and makes no network request, failures are
// visible at the top, and the environment is on the page. A full-page screenshot goes to test-output/.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../reports/html.ts';
import type { Report } from '../reports/report-schema.ts';
import { reportSections, sectionCharts } from '../reports/sections.ts';
import { launchChromium, type Browser } from './helpers/browser.ts';
import { realInsertReport } from './helpers/real-report.ts';
import { REPO_ROOT } from './helpers/run-cli.ts';

const OUT = path.join(REPO_ROOT, 'test-output', 'report-html');
let report: Report;
let browser: Browser;

beforeAll(async () => {
  report = await realInsertReport({ rows: 150, trials: 3 });
  browser = await launchChromium();
  fs.mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

interface Loaded {
  page: Awaited<ReturnType<Browser['context']['newPage']>>;
  requests: string[];
  consoleErrors: string[];
  url: string;
}

async function open(name: string, html: string): Promise<Loaded> {
  const file = path.join(OUT, name);
  fs.writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, consoleErrors, url };
}

describe('report.html in Chromium', () => {
  it('renders every chart, logs no errors, requests nothing but itself, and is screenshotted', async () => {
    const html = await renderHtml(report);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//i);
    const { page, requests, consoleErrors, url } = await open('report.html', html);

    const expected = reportSections(report).flatMap((s) => sectionCharts(s).map((c) => c.id));
    expect(expected).toEqual(expect.arrayContaining(['throughput', 'latency', 'trials']));
    const figures = await page.$$('figure.chart');
    expect(figures).toHaveLength(expected.length);
    for (const id of expected) {
      const svg = await page.$(`figure#chart-${id} > svg`);
      expect(svg, `chart ${id}`).not.toBeNull();
      const box = await svg!.boundingBox();
      expect(box!.width, `chart ${id} width`).toBeGreaterThan(300);
      expect(box!.height, `chart ${id} height`).toBeGreaterThan(100);
      const marks = await svg!.$$eval('path, rect, circle, line', (els) => els.filter((e) => (e as SVGGraphicsElement).getBBox().width > 0 || (e as SVGGraphicsElement).getBBox().height > 0).length);
      expect(marks, `chart ${id} drawn marks`).toBeGreaterThan(10);
      const text = await svg!.textContent();
      for (const v of report.variants) expect(text, `chart ${id} names ${v.name}`).toContain(v.name);
    }

    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);

    const body = (await page.textContent('body'))!;
    expect(body).toContain(`Recommendation: ${report.recommendation!.variant}`);
    expect(body).toContain(report.target.serverVersion!);
    expect(body).toContain('shared_buffers');
    expect(body).toContain('--payload-bytes');
    expect(body).toContain('Claims vs measured');

    const shot = path.join(OUT, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(fs.statSync(shot).size).toBeGreaterThan(20_000);
    await page.close();
  });

  it('shows a failed variant at the top and marks its row', async () => {
    const broken: Report = structuredClone(report);
    const copy = broken.variants.find((v) => v.name === 'copy')!;
    copy.status = 'failed';
    copy.reason = 'trial 2: verification failed: expected 150 rows, found 149';
    const { page, consoleErrors } = await open('report-failed.html', await renderHtml(broken));
    const alert = await page.$('.alert.error');
    expect(alert).not.toBeNull();
    expect(await alert!.isVisible()).toBe(true);
    expect(await alert!.textContent()).toContain('Variant copy failed: trial 2: verification failed: expected 150 rows, found 149');
    const row = await page.$$eval('table.results tbody tr.row-failed td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(row).toEqual(['copy']);
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: path.join(OUT, 'report-failed.png'), fullPage: false });
    await page.close();
  });
});
