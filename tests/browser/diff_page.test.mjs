// The comparison page, `pprof-view --diff BEFORE AFTER`, on two committed collapsed files whose
// changes are known (fixtures/sales_report_after.collapsed.txt says which): colours follow the
// sign of each call path's change, the tooltip's numbers are the table's, the delta columns
// sort by size, gone frames appear on demand and the state survives a reload; search and zoom
// work as on one profile. Expected numbers are computed from the two files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as h from './harness.mjs';

const beforeFile = h.requireEnv('PPROF_FIXTURE');
const afterFile = h.requireEnv('PPROF_FIXTURE_AFTER');
const base = h.collapsedFacts(h.readCollapsed(beforeFile));
const next = h.collapsedFacts(h.readCollapsed(afterFile));
const deltaTotal = (name) => (next.cum.get(name) || 0) - (base.cum.get(name) || 0);
const deltaSelf = (name) => (next.self.get(name) || 0) - (base.self.get(name) || 0);
let env;
before(async () => { env = await h.setup(['--diff', beforeFile, afterFile]); });
after(async () => { await env?.close(); });

// "−150" -> -150, "+80" -> 80 (the page writes a real minus sign).
const number = (text) => Number(String(text).replace('−', '-').replace(/[^\d.+-]/g, ''));
const nameOf = (cells) => cells.name.replace(/ (new|gone)$/, '');
const rowsByName = async (page) => new Map((await h.tableRows(page)).map((r) => [nameOf(r.cells), r]));

test('the page loads with no errors, coloured by change, with a legend and both runs named', async () => {
  await h.withViewer(env, 'diff-load', async ({ page }) => {
    const legend = h.testid(page, 'diff-legend');
    assert.ok(await legend.isVisible(), 'legend shown');
    // The scale's ends are the largest change under the root: parse_input's -150 and
    // hash_lookup's... in NEW hash_lookup is gone, so the largest of the drawn nodes.
    const drawn = [...next.cum.keys()].map((n) => Math.abs(deltaTotal(n)));
    const largest = Math.max(...drawn);
    assert.equal(number(await h.testid(page, 'legend-grown').textContent()), largest);
    assert.equal(number(await h.testid(page, 'legend-shrunk').textContent()), -largest);
    const info = await h.testid(page, 'run-info').textContent();
    assert.ok(info.includes('compared with') && info.includes('sales_report.collapsed.txt'), info);
    assert.equal(await h.testid(page, 'color-mode').inputValue(), 'diff');
    assert.equal(h.query(page).get('color'), null, 'the default stays out of the URL');
    await page.screenshot({ path: path.join(h.screenshotDir(), 'diff-icicle.png') });
    await h.act(page, () => h.testid(page, 'view-flame').click(), 'flame view');
    await page.screenshot({ path: path.join(h.screenshotDir(), 'diff-flame.png') });
  });
});

test('grown call paths are red, shrunk ones blue, unchanged ones grey', async () => {
  await h.withViewer(env, 'diff-colours', async ({ page }) => {
    const cases = [['compare_rows', 'grew'], ['parse_date', 'shrank'], ['flat_map_lookup', 'grew'],
      ['parse_input', 'shrank'], ['deflate', 'same'], ['worker_loop', 'same']];
    for (const [name, expected] of cases) {
      const sign = Math.sign(deltaTotal(name));
      assert.equal(sign, { grew: 1, shrank: -1, same: 0 }[expected], `fixture: ${name} ${expected}`);
      const at = await h.locate(page, name);
      assert.ok(at, `${name} drawn`);
      const [r, , b] = await h.chartPixel(page, at);
      if (expected === 'grew') assert.ok(r > b + 40, `${name} grew: red expected, got rgb(${r}, _, ${b})`);
      if (expected === 'shrank') assert.ok(b > r + 40, `${name} shrank: blue expected, got rgb(${r}, _, ${b})`);
      if (expected === 'same') assert.ok(Math.abs(r - b) < 30, `${name} unchanged: grey expected, got rgb(${r}, _, ${b})`);
    }
    // Colour by module instead: the choice goes into the URL, the legend goes away.
    await h.act(page, () => h.testid(page, 'color-mode').selectOption('module'), 'colour by module');
    assert.equal(h.query(page).get('color'), 'module');
    assert.ok(!(await h.testid(page, 'diff-legend').isVisible()), 'no legend when not by change');
  });
});

test('the tooltip shows both sides and the change, equal to the table row', async () => {
  await h.withViewer(env, 'diff-tooltip', async ({ page }) => {
    const rows = await rowsByName(page);
    // Functions with one call path, so the path's numbers are the function's.
    for (const name of ['parse_date', 'compare_rows', 'merge_parts']) {
      const row = rows.get(name);
      assert.ok(row, `${name} in the table`);
      const at = await h.locate(page, name);
      assert.ok(at, `${name} drawn`);
      await page.mouse.move(at.x, at.y);
      await h.testid(page, 'tooltip').waitFor({ state: 'visible', timeout: h.WAIT_MS });
      const tip = async (id) => number(await h.testid(page, id).textContent());
      assert.equal(await tip('tooltip-total-after'), number(row.cells.total), `${name} total after`);
      assert.equal(await tip('tooltip-total-before'), number(row.cells.base_total), `${name} total before`);
      assert.equal(await tip('tooltip-total-change'), number(row.cells.delta_total), `${name} change`);
      assert.equal(await tip('tooltip-self-change'), number(row.cells.delta_self), `${name} self change`);
      assert.equal(number(row.cells.delta_total), deltaTotal(name), `${name}: the fixture's change`);
    }
    await page.screenshot({ path: path.join(h.screenshotDir(), 'diff-tooltip.png') });
  });
});

test('the table has both sides, new and gone rows, and sorts by the size of the change', async () => {
  await h.withViewer(env, 'diff-table', async ({ page }) => {
    let rows = await h.tableRows(page);
    const names = rows.map((r) => nameOf(r.cells));
    assert.deepEqual([...names].sort(), [...new Set([...base.names, ...next.names])].sort());
    const status = new Map(rows.map((r) => [nameOf(r.cells), r.cells.name.match(/ (new|gone)$/)?.[1] || 'both']));
    assert.equal(status.get('hash_lookup'), 'gone');
    assert.equal(status.get('load_config'), 'gone');
    assert.equal(status.get('merge_parts'), 'new');
    assert.equal(status.get('parse_date'), 'both');
    // Default: the change of cumtime, largest first whatever its sign.
    const sizes = (list, f) => list.map((r) => Math.abs(f(nameOf(r.cells))));
    const assertDescending = (values, what) => {
      for (let i = 1; i < values.length; ++i) assert.ok(values[i - 1] >= values[i], `${what} at ${i}: ${values}`);
    };
    assertDescending(sizes(rows, deltaTotal), 'default order');
    await h.settle(page, () => h.testid(page, 'sort-delta_self').click(),
      () => new URL(location.href).searchParams.get('sort') === 'delta_self', null, 'sort by Δ tottime');
    rows = await h.tableRows(page);
    assertDescending(sizes(rows, deltaSelf), 'Δ tottime');
    for (const r of rows) assert.equal(number(r.cells.delta_self), deltaSelf(nameOf(r.cells)), nameOf(r.cells));
    await h.testid(page, 'function-table').screenshot({ path: path.join(h.screenshotDir(), 'diff-table.png') });
  });
});

test('gone frames are drawn on demand, at their base width, and the choice survives a reload', async () => {
  await h.withViewer(env, 'diff-gone', async ({ page }) => {
    assert.equal(await h.locate(page, 'hash_lookup'), null, 'gone frames hidden by default');
    await h.act(page, () => h.testid(page, 'show-gone').check(), 'show gone frames');
    assert.equal(h.query(page).get('gone'), '1');
    const at = await h.locate(page, 'hash_lookup');
    assert.ok(at, 'hash_lookup drawn once gone frames are shown');
    const [r, , b] = await h.chartPixel(page, at);
    assert.ok(b > r + 40, `a gone frame shrank to nothing: blue expected, got rgb(${r}, _, ${b})`);
    await page.mouse.move(at.x, at.y);
    await h.testid(page, 'tooltip').waitFor({ state: 'visible', timeout: h.WAIT_MS });
    assert.ok((await h.testid(page, 'tooltip').textContent()).includes('gone'));
    assert.equal(number(await h.testid(page, 'tooltip-total-before').textContent()), base.cum.get('hash_lookup'));
    await page.reload({ waitUntil: 'domcontentloaded' });
    await h.waitReady(page, 'reload');
    assert.ok(await h.testid(page, 'show-gone').isChecked());
    assert.ok(await h.locate(page, 'load_config'), 'gone frames still drawn after the reload');
  });
});

test('search and zoom work on the comparison; the scale follows the zoom', async () => {
  await h.withViewer(env, 'diff-zoom', async ({ page }) => {
    await h.act(page, async () => { await h.testid(page, 'search').fill('parse_'); }, 'search');
    const share = next.share((f) => f.includes('parse_'));
    assert.equal(await h.testid(page, 'search-result').textContent(), `matched ${(100 * share).toFixed(1)}%`);
    const at = await h.locate(page, 'worker_pool');
    assert.ok(at);
    await h.act(page, () => page.mouse.click(at.x, at.y), 'zoom into worker_pool');
    assert.ok(h.query(page).get('zoom'), 'zoom in the URL');
    // Nothing changed under worker_pool: the legend's ends are 0.
    assert.equal(number(await h.testid(page, 'legend-grown').textContent()), 0);
    await page.goBack();
    await h.waitReady(page, 'back');
    assert.equal(h.query(page).get('zoom'), null);
  });
});
