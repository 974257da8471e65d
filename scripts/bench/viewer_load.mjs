// The browser half of scripts/bench-viewer (run by it, which sets the file-size limit and
// writes the inputs): time to a drawn profile in one headless Chromium, alternating
//   A: pprof-view FILE -p 0 --no-browser, from the process start to html[data-state=ready]
//      (navigating to the URL it prints; the time until that line is the server's share);
//   B: speedscope's release page from disk (file://.../index.html#localProfilePath=JS, the way
//      its CLI opens a file), from navigation start until the flame chart is drawn.
// Prints one JSON object per line: {"tool", "round", "ms", "server_ms"?, "import_ms"?}, where
// import_ms is speedscope's own console.time("import") (parsing only: neither loading the JS
// file nor laying out and drawing the chart).
//   node viewer_load.mjs PPROF_VIEW FILE SPEEDSCOPE_JS ROUNDS
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const browserTests = path.resolve(here, '../../tests/browser');
const h = await import(pathToFileURL(path.join(browserTests, 'harness.mjs')).href);
const speedscopeIndex = path.join(browserTests, 'node_modules/speedscope/dist/release/index.html');

const [bin, file, speedscopeJs, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText || 3);
const LIMIT_MS = 600000;

async function pprofView(browser) {
  const server = await h.startServer(file, { bin, timeoutMs: LIMIT_MS });
  const { context, page, errors } = await h.newPage(browser);
  try {
    await page.goto(server.url, { waitUntil: 'commit', timeout: LIMIT_MS });
    await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.state),
      null, { timeout: LIMIT_MS, polling: 'raf' });
    const ms = performance.now() - server.started;
    const state = await page.evaluate(() => document.documentElement.dataset.state);
    if (state !== 'ready') throw new Error(`pprof-view page ended in state ${state}: ${errors.join('; ')}`);
    return { ms, server_ms: server.urlMs };
  } finally {
    await context.close();
    await server.stop();
  }
}

// speedscope has no ready signal. Its import sets document.title to "NAME - speedscope", then
// the flame chart view mounts (a WebGL canvas shared by all views, plus per-view 2D canvases
// for labels and the time axis) and draws in the next animation frame. Drawn = the title is
// set and the last 2D canvas (the main flame chart's labels) has non-blank pixels.
function speedscopeDrawn() {
  if (!document.title.endsWith(' - speedscope')) return false;
  const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.width > 0 && c.height > 0);
  const labels = canvases.at(-1);
  if (canvases.length < 3 || !labels) return false;
  const ctx = labels.getContext('2d');
  if (!ctx) return false;
  const pixels = ctx.getImageData(0, 0, labels.width, labels.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
}

async function speedscope(browser) {
  const { context, page, errors } = await h.newPage(browser);
  let importMs;
  page.on('console', (m) => {
    const match = /^import: ([\d.]+) ?ms/.exec(m.text());
    if (match) importMs = Number(match[1]);
  });
  try {
    const url = `${pathToFileURL(speedscopeIndex).href}#localProfilePath=${speedscopeJs}`;
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit', timeout: LIMIT_MS });
    await page.waitForFunction(speedscopeDrawn, null, { timeout: LIMIT_MS, polling: 'raf' });
    const ms = performance.now() - started;
    if (errors.length) throw new Error(`speedscope: ${errors.join('; ')}`);
    return { ms, import_ms: importMs };
  } finally {
    await context.close();
  }
}

const browser = await h.launchBrowser();
try {
  for (let round = 0; round < rounds; ++round) {
    const order = round % 2 ? [['speedscope', speedscope], ['pprof-view', pprofView]]
      : [['pprof-view', pprofView], ['speedscope', speedscope]];
    for (const [tool, run] of order) {
      const result = await run(browser);
      console.log(JSON.stringify({ tool, round, ...result }));
      console.error(`round ${round + 1}/${rounds}: ${tool} ${(result.ms / 1000).toFixed(2)} s`);
    }
  }
} finally {
  await browser.close();
}
