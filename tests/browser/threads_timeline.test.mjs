// Threads and time: the threads panel lists and selects threads, a drag on the timeline selects
// a time range (URL from/to) and range-clear clears it. The fixture is an out.prof with four
// threads and timestamps (pprof_bench_make_profile outprof), since collapsed stacks have neither.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as h from './harness.mjs';

let env;
before(async () => { env = await h.setup(h.requireEnv('PPROF_FIXTURE_THREADS')); });
after(async () => { await env?.close(); });

// The server's own answer, for the ids and times the page should use.
const api = (page, p) => page.evaluate((u) => fetch(u).then((r) => r.json()), p);

test('the threads panel lists every thread; unchecking one selects the others; Back restores', async () => {
  await h.withViewer(env, 'threads', async ({ page }) => {
    const { threads } = await api(page, '/api/threads');
    assert.equal(threads.length, 4);
    const rows = h.testid(page, 'thread-row');
    assert.equal(await rows.count(), threads.length);
    const text = (await rows.allTextContents()).join('\n');
    for (const t of threads) assert.ok(text.includes(t.name), `thread ${t.name} listed: ${text}`);
    const toggles = h.testid(page, 'thread-toggle');
    for (let i = 0; i < threads.length; ++i) assert.equal(await toggles.nth(i).isChecked(), true);
    await h.testid(page, 'threads').screenshot({ path: path.join(h.screenshotDir(), 'threads.png') });

    const off = threads.find((t) => t.name === 'worker-1');
    const row = rows.filter({ hasText: 'worker-1' });
    const totalBefore = (await h.tableRows(page))[0].cells.total;
    await h.act(page, () => row.locator('[data-testid=thread-toggle]').uncheck(), 'unchecking worker-1');
    const selected = (h.query(page).get('threads') || '').split(',').filter(Boolean).map(Number);
    assert.deepEqual(selected.sort(), threads.map((t) => t.id).filter((id) => id !== off.id).sort());
    assert.equal(await row.locator('[data-testid=thread-toggle]').isChecked(), false);
    assert.notEqual((await h.tableRows(page))[0].cells.total, totalBefore, 'the table follows the thread selection');

    await h.act(page, () => page.goBack(), 'Back');
    assert.equal(h.query(page).get('threads'), null);
    assert.equal(await row.locator('[data-testid=thread-toggle]').isChecked(), true);
    assert.equal((await h.tableRows(page))[0].cells.total, totalBefore);
  });
});

test('a drag on the timeline selects a time range; range-clear clears it', async () => {
  await h.withViewer(env, 'timeline', async ({ page }) => {
    const timeline = h.testid(page, 'timeline');
    await timeline.scrollIntoViewIfNeeded();
    const box = await timeline.boundingBox();
    assert.ok(box && box.width > 200 && box.height > 10, `timeline canvas ${JSON.stringify(box)}`);
    assert.equal(await h.testid(page, 'range-clear').isVisible(), false);
    const y = box.y + box.height / 2;
    const totalBefore = (await h.tableRows(page))[0].cells.total;
    await h.act(page, async () => {
      await page.mouse.move(box.x + box.width * 0.3, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
      await page.mouse.move(box.x + box.width * 0.7, y, { steps: 5 });
      await page.mouse.up();
    }, 'dragging on the timeline');
    const q = h.query(page);
    const from = Number(q.get('from')), to = Number(q.get('to'));
    assert.ok(Number.isInteger(from) && Number.isInteger(to) && from < to, `from=${q.get('from')} to=${q.get('to')}`);
    const { duration_ns: duration } = await api(page, '/api/meta');
    // About 40% of the run; the canvas may keep a margin for labels, hence the wide bounds.
    const share = (to - from) / duration;
    assert.ok(share > 0.15 && share < 0.6, `range is ${(share * 100).toFixed(1)}% of the run`);
    assert.notEqual((await h.tableRows(page))[0].cells.total, totalBefore, 'the table follows the range');
    await page.screenshot({ path: path.join(h.screenshotDir(), 'timeline-range.png') });

    const clear = h.testid(page, 'range-clear');
    assert.equal(await clear.isVisible(), true);
    await h.act(page, () => clear.click(), 'range-clear');
    assert.equal(h.query(page).get('from'), null);
    assert.equal(h.query(page).get('to'), null);
    assert.equal((await h.tableRows(page))[0].cells.total, totalBefore);
    assert.equal(await clear.isVisible(), false);
  });
});
