// The parallelism panel: the advisor's summary with the speedup ceiling (not an "Amdahl bound"),
// the panel following the timeline's range and the threads panel's selection (it refetches
// /api/parallelism with the same parameters and says what it covers), candidates with their
// call path, GIL share and kind, a click selecting the candidate's function. Fixtures: the
// synthetic four-thread out.prof (all threads busy throughout: one thread alone is serial) and a
// recorded serial Python run (fixtures/python/serial.py).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as h from './harness.mjs';

let threadsEnv, pythonEnv;
before(async () => {
  threadsEnv = await h.setup(h.requireEnv('PPROF_FIXTURE_THREADS'));
  pythonEnv = await h.setup(h.requireEnv('PPROF_FIXTURE_PYTHON_SERIAL'));
});
after(async () => {
  await threadsEnv?.close();
  await pythonEnv?.close();
});

const api = (page, p) => page.evaluate((u) => fetch(u).then((r) => r.json()), p);

// Waits until the panel drew the answer for the page's current selection.
async function panelReady(page) {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.documentElement.dataset.parallelism),
    null, { timeout: h.WAIT_MS });
  const state = await page.evaluate(() => document.documentElement.dataset.parallelism);
  const summary = await h.testid(page, 'parallelism-summary').textContent();
  assert.equal(state, 'ready', `parallelism panel: ${summary}`);
}

const text = async (page, id) => ((await h.testid(page, id).textContent()) || '').trim();
const wallShown = async (page) => Number.parseFloat(await text(page, 'parallelism-wall'));

// The /api/parallelism requests the page makes from now on, as URLSearchParams.
function recordRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/parallelism') seen.push(url.searchParams);
  });
  return seen;
}

test('the summary shows the ceiling, not an Amdahl bound, for the whole run and all threads', async () => {
  await h.withViewer(threadsEnv, 'parallelism-summary', async ({ page }) => {
    await panelReady(page);
    const advice = await api(page, '/api/parallelism');
    const summary = await text(page, 'parallelism-summary');
    assert.match(summary, /ceiling \(all serial time on N cores\) 2 cores \d+\.\d\d×/);
    const panel = await page.locator('.parallelism-panel').textContent();
    assert.ok(!/amdahl/i.test(panel), `no "Amdahl" in the panel: ${panel}`);
    assert.equal(await text(page, 'parallelism-scope'), 'whole run · all threads');
    assert.equal(await text(page, 'parallelism-wall'), `${advice.wall_seconds.toFixed(3)} s`);
    assert.ok(summary.includes(`serial fraction ${advice.serial_fraction.toFixed(2)}`), summary);
    assert.equal(advice.gil, null);
    assert.ok(!summary.includes('GIL'), `no GIL line without Python: ${summary}`);
    // Predictions at 2 cores and at this machine's, with threads and with processes.
    const heads = await page.locator('[data-testid=candidates] thead th').allTextContents();
    assert.ok(heads.includes('GIL %'), heads.join('|'));
    assert.ok(heads.some((t) => t.startsWith('2 cores') && t.endsWith('threads')), heads.join('|'));
    assert.ok(heads.some((t) => t.startsWith('2 cores') && t.endsWith('processes')), heads.join('|'));
    if (advice.cores > 2) assert.ok(heads.some((t) => t.startsWith(`${advice.cores} cores`)), heads.join('|'));
  });
});

test('a time range on the timeline: the panel refetches for it and its wall time is the range', async () => {
  await h.withViewer(threadsEnv, 'parallelism-range', async ({ page }) => {
    await panelReady(page);
    const wholeWall = await wallShown(page);
    const requests = recordRequests(page);
    const timeline = h.testid(page, 'timeline');
    await timeline.scrollIntoViewIfNeeded();
    const box = await timeline.boundingBox();
    const y = box.y + box.height / 2;
    await h.act(page, async () => {
      await page.mouse.move(box.x + box.width * 0.35, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
      await page.mouse.up();
    }, 'dragging on the timeline');
    await panelReady(page);
    const q = h.query(page);
    const from = Number(q.get('from')), to = Number(q.get('to'));
    assert.ok(from < to, `from=${from} to=${to}`);
    const asked = requests.at(-1);
    assert.ok(asked, 'the panel asked /api/parallelism again');
    assert.equal(asked.get('from'), String(from));
    assert.equal(asked.get('to'), String(to));
    const wall = await wallShown(page);
    assert.ok(Math.abs(wall - (to - from) / 1e9) < 0.0015, `wall ${wall} s for a range of ${(to - from) / 1e9} s`);
    assert.ok(wall < wholeWall, `range wall ${wall} < whole run ${wholeWall}`);
    const advice = await api(page, `/api/parallelism?from=${from}&to=${to}`);
    assert.equal(await text(page, 'parallelism-wall'), `${advice.wall_seconds.toFixed(3)} s`);
    // The scope names the range as the timeline's label does.
    const label = (await page.locator('#range-label').textContent()).trim();
    assert.ok(label && (await text(page, 'parallelism-scope')).startsWith(label),
      `scope "${await text(page, 'parallelism-scope')}" names the range "${label}"`);
    await page.locator('.parallelism-panel').screenshot({ path: path.join(h.screenshotDir(), 'parallelism-range.png') });

    await h.act(page, () => h.testid(page, 'range-clear').click(), 'range-clear');
    await panelReady(page);
    assert.equal(await wallShown(page), wholeWall);
    assert.equal(await text(page, 'parallelism-scope'), 'whole run · all threads');
  });
});

test('one thread selected: its work is serial, candidates name their call path, a click selects', async () => {
  await h.withViewer(threadsEnv, 'parallelism-thread', async ({ page }) => {
    await panelReady(page);
    const { threads } = await api(page, '/api/threads');
    const keep = threads[0];
    const requests = recordRequests(page);
    // Uncheck all but the first thread, one at a time (each is a selection of its own).
    for (const t of threads.slice(1)) {
      const row = h.testid(page, 'thread-row').filter({ hasText: `tid ${t.tid}` });
      await h.act(page, () => row.locator('[data-testid=thread-toggle]').uncheck(), `unchecking ${t.name}`);
    }
    await panelReady(page);
    assert.equal(h.query(page).get('threads'), String(keep.id));
    assert.equal(requests.at(-1)?.get('threads'), String(keep.id));
    const scope = await text(page, 'parallelism-scope');
    assert.ok(scope.includes(`thread ${keep.name} ${keep.tid}`), scope);

    const advice = await api(page, `/api/parallelism?threads=${keep.id}`);
    assert.ok(advice.serial_fraction > 0.9, `one thread alone is serial: ${advice.serial_fraction}`);
    assert.ok(advice.candidates.length > 0, 'candidates for the lone thread');
    const rows = h.testid(page, 'candidate-row');
    assert.equal(await rows.count(), advice.candidates.length);
    const first = advice.candidates[0];
    const row = rows.first();
    assert.equal(await row.getAttribute('data-frame'), String(first.frame));
    assert.equal(await row.getAttribute('data-kind'), first.kind);
    // The call path: a muted breadcrumb, the middle elided on long paths, the whole in the title.
    const name = row.locator('td.candidate-name');
    const title = await name.getAttribute('title');
    assert.ok(title.startsWith(first.context.join(' › ')), `title "${title}" has the path ${first.context.join(' › ')}`);
    if (first.context.length > 1) {
      const crumbs = (await row.locator('[data-testid=candidate-context]').textContent()).trim();
      if (first.context.length > 5) assert.ok(crumbs.includes('…'), `long path elided: ${crumbs}`);
      else assert.ok(!crumbs.includes('…'), crumbs);
    }
    const cells = await row.locator('td').allTextContents();
    assert.equal(cells[2], first.serial_seconds.toFixed(3));
    assert.equal(cells[4], '–', 'no GIL share without Python');
    assert.equal(cells[5], `${first.predicted_speedup_threads['2'].toFixed(2)}×`);
    assert.equal(cells[6], `${first.predicted_speedup['2'].toFixed(2)}×`);
    if (first.callees.length) {
      const callees = await row.locator('[data-testid=candidate-callees]').textContent();
      assert.ok(callees.startsWith('mostly in '), callees);
    }

    await h.act(page, () => row.click(), 'clicking the first candidate');
    assert.equal(h.query(page).get('sel'), String(first.frame));
    assert.equal(await rows.first().getAttribute('aria-selected'), 'true');
  });
});

test('a serial Python run: a candidate holds the GIL (kind gil, GIL %), the summary has the GIL', async () => {
  await h.withViewer(pythonEnv, 'parallelism-python', async ({ page }) => {
    await panelReady(page);
    const advice = await api(page, '/api/parallelism');
    assert.ok(advice.gil, `the answer has the GIL: ${JSON.stringify(advice.gil)}`);
    const summary = await text(page, 'parallelism-summary');
    assert.match(summary, /GIL held \d+%/);
    if (advice.gil.wait_seconds !== null) assert.match(summary, /GIL wait /);
    const gil = advice.candidates.findIndex((c) => c.kind === 'gil');
    assert.ok(gil >= 0, `a candidate of kind gil: ${advice.candidates.map((c) => `${c.name} ${c.kind}`).join(', ')}`);
    const row = h.testid(page, 'candidate-row').nth(gil);
    assert.equal(await row.getAttribute('data-kind'), 'gil');
    assert.equal((await row.locator('[data-testid=candidate-kind]').textContent()).trim(), 'holds the GIL: use processes');
    const share = (await row.locator('[data-testid=candidate-gil]').textContent()).trim();
    assert.equal(share, `${Math.round(100 * advice.candidates[gil].gil_share)}%`);
    assert.ok(Number.parseInt(share, 10) > 50, `mostly with the GIL held: ${share}`);
    // Every row: the call path in the title, a muted breadcrumb with the middle of long ones elided.
    const rows = h.testid(page, 'candidate-row');
    assert.equal(await rows.count(), advice.candidates.length);
    for (let i = 0; i < advice.candidates.length; ++i) {
      const c = advice.candidates[i];
      const title = await rows.nth(i).locator('td.candidate-name').getAttribute('title');
      assert.ok(title.startsWith(c.context.join(' › ')), `row ${i} title "${title}"`);
      if (c.context.length < 2) continue;
      const crumbs = (await rows.nth(i).locator('[data-testid=candidate-context]').textContent()).trim();
      assert.equal(crumbs.includes('…'), c.context.length > 5, `row ${i}: ${crumbs} for ${c.context.length} frames`);
    }
    await page.locator('.parallelism-panel').screenshot({ path: path.join(h.screenshotDir(), 'parallelism-python.png') });
  });
});
