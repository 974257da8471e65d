// Shared pieces of the browser tests and scripts/bench-viewer: start `pprof-view` on a profile,
// launch Debian's Chromium through playwright-core, open the page with console and page errors
// recorded, wait for the page's ready signal (web/README.md), and stop everything afterwards,
// also when a test fails or the process is interrupted.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

let playwright;
try {
  playwright = await import('playwright-core');
} catch (e) {
  throw new Error('playwright-core is not installed in tests/browser/node_modules: run ./scripts/deps ' +
    `(it runs "npm ci" there) (${e.message})`);
}

export const CHROMIUM = process.env.PPROF_CHROMIUM || '/usr/bin/chromium';
// Headless, no GPU and nothing that talks to the network on its own.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const VIEWPORT = { width: 1280, height: 900 };
// Generous: the machines are shared and slow; nothing here asserts a duration.
export const WAIT_MS = Number(process.env.PPROF_BROWSER_WAIT_MS || 30000);

// Servers still running, killed when the process exits however it exits.
const live = new Set();
process.on('exit', () => { for (const p of live) p.kill('SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { for (const p of live) p.kill('SIGKILL'); process.exit(128 + (sig === 'SIGINT' ? 2 : 15)); });
}

export function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (CTest sets it; see tests/browser/CMakeLists.txt)`);
  return value;
}

// Starts `pprof-view FILE -p 0 --no-browser` and resolves once it printed its URL, with
// `urlMs`: milliseconds from the spawn to that line (the server's load and parse time).
// `profile` may also be a list of arguments (['--diff', BASE, NEW]).
export function startServer(profile, { bin = requireEnv('PPROF_VIEW'), timeoutMs = 120000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const args = [...(Array.isArray(profile) ? profile : [profile]), '-p', '0', '--no-browser'];
    const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(proc);
    let out = '', err = '', done = false;
    const exited = new Promise((r) => proc.on('exit', (code, signal) => { live.delete(proc); r({ code, signal }); }));
    const fail = (message) => {
      if (done) return;
      done = true;
      proc.kill('SIGKILL');
      reject(new Error(`${message}\nstdout: ${out}\nstderr: ${err}`));
    };
    const timer = setTimeout(() => fail(`pprof-view printed no URL within ${timeoutMs} ms`), timeoutMs);
    proc.stderr.on('data', (d) => { err += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/https?:\/\/\S+\?token=[0-9A-Za-z]+/);
      if (!m || done) return;
      done = true;
      clearTimeout(timer);
      const urlMs = performance.now() - started;
      resolve({
        url: m[0], urlMs, proc, started,
        stderr: () => err,
        // SIGTERM is the documented clean stop (exit status 0); SIGKILL if it hangs.
        async stop() {
          if (proc.exitCode !== null || proc.signalCode !== null) return exited;
          proc.kill('SIGTERM');
          const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
          const status = await exited;
          clearTimeout(t);
          return status;
        },
      });
    });
    proc.on('error', (e) => { clearTimeout(timer); fail(`cannot start ${bin}: ${e.message}`); });
    exited.then(({ code, signal }) => { clearTimeout(timer); fail(`pprof-view exited (${code ?? signal}) before printing its URL`); });
  });
}

export async function launchBrowser() {
  return playwright.chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

// A fresh context and page with every console error, page error and failed request recorded
// in `errors` (aborted fetches are the page cancelling stale requests and are not errors).
export async function newPage(browser, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location();
    errors.push(`console error: ${m.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.stack || e}`));
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText || '';
    if (!why.includes('ERR_ABORTED')) errors.push(`request failed: ${r.url()} ${why}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { context, page, errors };
}

const stateOf = () => {
  const d = document.documentElement.dataset;
  return { state: d.state, renders: Number(d.renders || 0),
    error: document.querySelector('[data-testid=error]')?.textContent || '' };
};

async function throwIfError(page, what) {
  const s = await page.evaluate(stateOf);
  if (s.state === 'error') throw new Error(`page is in the error state after ${what}: ${s.error}`);
  return s;
}

// Waits until the page is ready (or failed: then throws with the page's error text).
export async function waitReady(page, what = 'loading') {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state),
    null, { timeout: WAIT_MS });
  return throwIfError(page, what);
}

export async function renders(page) {
  return (await page.evaluate(stateOf)).renders;
}

// Runs `action` and waits until the page completed at least one more render and is ready.
export async function act(page, action, what = 'an action') {
  const before = await renders(page);
  await action();
  await page.waitForFunction((b) => {
    const d = document.documentElement.dataset;
    return d.state === 'error' || (d.state === 'ready' && Number(d.renders || 0) > b);
  }, before, { timeout: WAIT_MS });
  return throwIfError(page, what);
}

// Opens `url` in a new page and waits for the first ready signal.
export async function openViewer(browser, url, options) {
  const session = await newPage(browser, options);
  await session.page.goto(url, { waitUntil: 'domcontentloaded' });
  await waitReady(session.page, `opening ${url}`);
  return session;
}

export function query(page) {
  return new URL(page.url()).searchParams;
}

export function testid(page, id) {
  return page.locator(`[data-testid="${id}"]`);
}

// Starts one server and one browser for a test file; `close()` stops both and never throws.
export async function setup(profile) {
  const server = await startServer(profile);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.stop();
    throw e;
  }
  return {
    server, browser,
    async close() {
      await browser.close().catch(() => {});
      await server.stop();
    },
  };
}

// The fixture profile in collapsed form: [{frames: [root, ..., leaf], count}].
export function readCollapsed(path) {
  const stacks = [];
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    stacks.push({ frames: line.slice(0, cut).split(';'), count: Number(line.slice(cut + 1)) });
  }
  return stacks;
}

// Expected numbers from the fixture: matched share of a search, self and total per function.
export function collapsedFacts(stacks) {
  const total = stacks.reduce((a, s) => a + s.count, 0);
  const self = new Map(), cum = new Map();
  for (const s of stacks) {
    const leaf = s.frames[s.frames.length - 1];
    self.set(leaf, (self.get(leaf) || 0) + s.count);
    for (const f of new Set(s.frames)) cum.set(f, (cum.get(f) || 0) + s.count);
    for (const f of s.frames) if (!self.has(f)) self.set(f, 0);
  }
  const share = (match) => stacks.filter((s) => s.frames.some(match)).reduce((a, s) => a + s.count, 0) / total;
  return { total, self, cum, share, names: [...self.keys()] };
}

export function screenshotDir() {
  const dir = requireEnv('PPROF_SCREENSHOT_DIR');
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Opens the viewer (with `extraQuery` appended to the server's URL), runs `fn(session)`, then
// asserts that nothing was logged as an error. On failure a screenshot `fail-NAME.png` is
// written next to the others. The page's context is closed in every case.
export async function withViewer(env, name, fn, { extraQuery = '', colorScheme } = {}) {
  const failShot = path.join(screenshotDir(), `fail-${name.replace(/[^\w.-]+/g, '_')}.png`);
  rmSync(failShot, { force: true });  // from an earlier run
  const session = await openViewer(env.browser, env.server.url + extraQuery, { colorScheme });
  try {
    await fn(session);
    if (session.errors.length) throw new Error(`errors on the page:\n  ${session.errors.join('\n  ')}`);
  } catch (e) {
    await session.page.screenshot({ path: failShot }).catch(() => {});
    if (session.errors.length && !String(e.message).startsWith('errors on the page')) {
      e.message += `\n(errors on the page:\n  ${session.errors.join('\n  ')})`;
    }
    throw e;
  } finally {
    await session.context.close().catch(() => {});
  }
}

// Page coordinates of the widest drawn chart node whose name contains `text` (the page's
// window.pprofView.locate), after scrolling to the top so they are also viewport coordinates.
export async function locate(page, text) {
  return page.evaluate((t) => {
    window.scrollTo(0, 0);
    if (!window.pprofView || typeof window.pprofView.locate !== 'function') {
      throw new Error('window.pprofView.locate is missing (web/README.md, Test hooks)');
    }
    return window.pprofView.locate(t);
  }, text);
}

// RGB of the chart canvas a few pixels above a located node's centre (clear of its label).
export async function chartPixel(page, at) {
  return page.evaluate(({ x, y }) => {
    const canvas = document.querySelector('[data-testid=chart]');
    const r = canvas.getBoundingClientRect();
    const dpr = canvas.width / r.width;
    const d = canvas.getContext('2d').getImageData(Math.round((x - r.left) * dpr), Math.round((y - r.top - 7) * dpr), 1, 1).data;
    return [d[0], d[1], d[2]];
  }, at);
}

// Runs `action`, then waits until `predicate(arg)` (run in the page) holds and the page is
// ready: for changes that need not re-render (a client-side table sort or filter). The
// predicate is a function, not a string: the page's CSP forbids eval.
export async function settle(page, action, predicate, arg, what = 'an action') {
  await action();
  await page.waitForFunction(predicate, arg ?? null, { timeout: WAIT_MS });
  return waitReady(page, what);
}

// The function table as [{frame, cells: {column: text}}], columns named by the header cells'
// data-testid (sort-<column>), so the tests do not depend on the column order.
export async function tableRows(page) {
  return page.evaluate(() => {
    const table = document.querySelector('[data-testid=function-table]');
    const columns = [...table.querySelectorAll('thead th')].map((th) =>
      (th.dataset.testid || '').replace(/^sort-/, ''));
    return [...table.querySelectorAll('[data-testid=function-row]')].map((tr) => {
      const cells = {};
      [...tr.children].forEach((td, i) => { cells[columns[i] || `#${i}`] = td.textContent.trim(); });
      return { frame: tr.dataset.frame, cells };
    });
  });
}
