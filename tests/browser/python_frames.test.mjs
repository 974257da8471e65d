// Python frames (issue 10's viewer part), on a profile pprof-run recorded of
// fixtures/python/app.py at build time: Python frames are coloured by file/package and apart from
// native code, the frames switch (mixed / Python / native) changes the chart and the URL and
// survives a reload, the table's GIL % column and the tooltip show the API's gil_percent, and the
// timeline's GIL switch draws the per-bin GIL weight when the server sends it. The recording is
// real, so the tests assert what is present, never counts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as h from './harness.mjs';

let env;
before(async () => { env = await h.setup(h.requireEnv('PPROF_FIXTURE_PYTHON')); });
after(async () => { await env?.close(); });

const api = (page, p) => page.evaluate((u) => fetch(u).then((r) => r.json()), p);
// As the page formats gil_percent (web/js/function_table.js gilText).
const gilText = (v) => (v === null ? '–' : (v >= 10 ? v.toFixed(1) : v.toPrecision(2)) + '%');

// Frame ids by name from /api/frames (the first of each name).
async function frameTable(page) {
  const frames = await api(page, '/api/frames');
  const id = (name) => {
    const i = frames.name.indexOf(name);
    assert.ok(i >= 0, `frame ${name} in /api/frames`);
    return i;
  };
  const file = (i) => (frames.file[i] >= 0 ? frames.files[frames.file[i]] : '');
  return { frames, id, file };
}

async function rgbOf(page, css) {
  return page.evaluate((c) => {
    const ctx = Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext('2d');
    ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
  }, css);
}
const near = (a, b) => a.every((v, i) => Math.abs(v - b[i]) <= 3);

test('the profile loads without errors; the run line names Python; the frames switch starts at mixed', async () => {
  await h.withViewer(env, 'python-load', async ({ page }) => {
    const meta = await api(page, '/api/meta');
    assert.ok(meta.python && meta.python.versions.length, `meta.python: ${JSON.stringify(meta.python)}`);
    const info = await h.testid(page, 'run-info').textContent();
    assert.ok(info.includes(`Python ${meta.python.versions[0]}`), info);
    assert.equal(await h.testid(page, 'frames').inputValue(), 'mixed');
    assert.equal(await h.testid(page, 'frames').isEnabled(), true);
    assert.equal(h.query(page).get('frames'), null);
    await page.screenshot({ path: path.join(h.screenshotDir(), 'python-mixed.png') });
  });
});

test('Python frames are coloured by file, apart from native frames', async () => {
  await h.withViewer(env, 'python-colors', async ({ page }) => {
    const { frames, id, file } = await frameTable(page);
    const app = id('python_loop'), shapes = id('Grid.relax'), native = id('start_thread');
    assert.equal(frames.language[app], 'python');
    assert.equal(frames.language[shapes], 'python');
    assert.equal(frames.language[native], 'native');
    assert.ok(file(app).endsWith('app.py') && file(shapes).endsWith('shapes.py'), `${file(app)} ${file(shapes)}`);
    const info = await page.evaluate((ids) => ids.map((f) => ({
      color: window.pprofView.colorOf(f), group: window.pprofView.groupOf(f) })), [app, shapes, native, id('digest_loop')]);
    assert.equal(info[0].group, 'app.py');
    assert.equal(info[1].group, 'shapes.py');
    assert.equal(info[3].group, 'app.py');
    const hue = (c) => Number(/hsl\((\d+)/.exec(c)[1]);
    assert.equal(hue(info[0].color), hue(info[3].color), 'one hue per file');
    assert.notEqual(hue(info[0].color), hue(info[1].color), 'two Python files, two hues');
    assert.notEqual(hue(info[0].color), hue(info[2].color), 'Python and native differ');
    assert.notEqual(hue(info[1].color), hue(info[2].color), 'Python and native differ');
    // What the chart drew.
    const drawn = [];
    for (const [name, color] of [['python_loop', info[0].color], ['Grid.relax', info[1].color], ['start_thread', info[2].color]]) {
      const at = await h.locate(page, name);
      assert.ok(at, `${name} is drawn`);
      const pixel = await h.chartPixel(page, at);
      const expected = await rgbOf(page, color);
      assert.ok(near(pixel, expected), `${name}: chart pixel ${pixel} vs its colour ${color} = ${expected}`);
      drawn.push(pixel);
    }
    assert.ok(!near(drawn[0], drawn[1]) && !near(drawn[0], drawn[2]) && !near(drawn[1], drawn[2]),
      `three different colours in the chart: ${JSON.stringify(drawn)}`);
  });
});

test('the frames switch changes the chart and the URL, survives a reload, and Back restores mixed', async () => {
  await h.withViewer(env, 'python-frames-switch', async ({ page }) => {
    const asked = [];
    page.on('request', (r) => { if (r.url().includes('/api/tree')) asked.push(new URL(r.url()).searchParams.get('frames')); });
    assert.ok(await h.locate(page, 'python_loop'), 'mixed: Python frames');
    assert.ok(await h.locate(page, 'start_thread'), 'mixed: native frames outside the interpreter');
    assert.equal(await h.locate(page, '_PyEval_EvalFrameDefault'), null, 'mixed: eval frames replaced');

    await h.act(page, () => h.testid(page, 'frames').selectOption('python'), 'frames=python');
    assert.equal(h.query(page).get('frames'), 'python');
    assert.ok(asked.includes('python'), `tree asked with frames=python: ${asked}`);
    assert.ok(await h.locate(page, 'python_loop'), 'python: Python frames');
    assert.equal(await h.locate(page, 'start_thread'), null, 'python: no native frames in Python threads');
    await page.screenshot({ path: path.join(h.screenshotDir(), 'python-only.png') });

    await page.reload();
    await h.waitReady(page, 'reload');
    assert.equal(h.query(page).get('frames'), 'python');
    assert.equal(await h.testid(page, 'frames').inputValue(), 'python');
    assert.ok(await h.locate(page, 'python_loop'));
    assert.equal(await h.locate(page, 'start_thread'), null, 'python view after the reload');

    await h.act(page, () => h.testid(page, 'frames').selectOption('native'), 'frames=native');
    assert.equal(h.query(page).get('frames'), 'native');
    assert.equal(await h.locate(page, 'python_loop'), null, 'native: no Python frames');
    assert.ok(await h.locate(page, '_PyEval_EvalFrameDefault'), 'native: the interpreter as the CPU ran it');

    await h.act(page, () => page.goBack(), 'Back');
    assert.equal(h.query(page).get('frames'), 'python');
    await h.act(page, () => page.keyboard.press('p'), 'key p');
    assert.equal(h.query(page).get('frames'), 'native');
  });
});

test('the table has a GIL % column with the API\'s gil_percent; the tooltip shows it too', async () => {
  await h.withViewer(env, 'python-gil', async ({ page }) => {
    const { frames, id } = await frameTable(page);
    const functions = await api(page, '/api/functions');
    assert.ok(Array.isArray(functions.gil_percent), 'gil_percent in /api/functions');
    assert.equal(await h.testid(page, 'sort-gil').isVisible(), true);
    const rows = await h.tableRows(page);
    const byFrame = new Map(rows.map((r) => [Number(r.frame), r.cells]));
    let checked = 0;
    const values = new Set();
    functions.frame.forEach((frame, i) => {
      const cells = byFrame.get(frame);
      if (!cells) return;  // beyond the rows put in the DOM
      assert.equal(cells.gil, gilText(functions.gil_percent[i]), `GIL % of ${frames.name[frame]}`);
      values.add(cells.gil);
      ++checked;
    });
    assert.ok(checked > 10, `${checked} rows checked`);
    assert.ok(values.size > 1, `the fixture has different GIL shares: ${[...values]}`);
    await h.testid(page, 'function-table').screenshot({ path: path.join(h.screenshotDir(), 'python-table.png') });

    // Sorting by it.
    await h.settle(page, () => h.testid(page, 'sort-gil').click(),
      () => new URL(location.href).searchParams.get('sort') === 'gil', null, 'sort by GIL %');

    // Tooltip of two Python functions of one thread each: the GIL-holding loop and the hashing.
    for (const name of ['python_loop', 'digest_loop']) {
      const i = functions.frame.indexOf(id(name));
      const expected = gilText(functions.gil_percent[i]);
      const at = await h.locate(page, name);
      assert.ok(at, `${name} drawn`);
      await page.mouse.move(at.x, at.y);
      const tip = h.testid(page, 'tooltip');
      await tip.waitFor({ state: 'visible', timeout: h.WAIT_MS });
      const text = await tip.textContent();
      assert.ok(text.includes(name) && text.includes('Python'), text);
      assert.ok(text.includes(`GIL held ${expected}`), `tooltip of ${name}: ${text} (API ${expected})`);
    }
    await page.screenshot({ path: path.join(h.screenshotDir(), 'python-tooltip.png') });
  });
});

test('the timeline GIL switch: offered for Python profiles, drawing threads[].gil when the server sends it', async () => {
  await h.withViewer(env, 'python-timeline-gil', async ({ page }) => {
    const toggle = h.testid(page, 'timeline-gil');
    const served = (await api(page, '/api/timeline?bins=10')).threads.some((t) => Array.isArray(t.gil));
    assert.equal(await toggle.isVisible(), true);
    assert.equal(await toggle.isEnabled(), served, 'enabled exactly when the server sends per-bin GIL weight');

    // The page's side of the contract, with the server's answer extended by the shape the page
    // reads (threads[].gil: on-CPU weight per bin with the GIL held): half of every bin.
    if (!served) {
      await page.route('**/api/timeline*', async (route) => {
        const json = await (await route.fetch()).json();
        for (const t of json.threads) t.gil = t.cpu.map((c) => Math.floor(c / 2));
        await route.fulfill({ json, headers: { 'cache-control': 'no-store' } });
      });
      await page.reload();
      await h.waitReady(page, 'reload with threads[].gil');
    }
    assert.equal(await toggle.isEnabled(), true);
    const gilPixels = () => page.evaluate(() => {
      const canvas = document.querySelector('[data-testid=timeline]');
      const probe = Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext('2d');
      probe.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--gil').trim();
      probe.fillRect(0, 0, 1, 1);
      const [r, g, b] = probe.getImageData(0, 0, 1, 1).data;
      const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) < 4 && Math.abs(d[i + 1] - g) < 4 && Math.abs(d[i + 2] - b) < 4) ++n;
      return n;
    });
    assert.equal(await gilPixels(), 0, 'switch off: no GIL colour');
    await h.act(page, () => toggle.check(), 'GIL switch on');
    assert.equal(h.query(page).get('gil'), '1');
    assert.ok(await gilPixels() > 50, 'switch on: the GIL-held part of the bars is drawn');
    await h.testid(page, 'timeline').screenshot({ path: path.join(h.screenshotDir(), 'python-timeline-gil.png') });
    await h.act(page, () => page.keyboard.press('g'), 'key g');
    assert.equal(h.query(page).get('gil'), null);
    assert.equal(await gilPixels(), 0);
  });
});
