// The function table (sort, filter, selection with the sandwich panel) and the search's
// "matched N%", checked against numbers computed from the fixture itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as h from './harness.mjs';

const fixture = h.requireEnv('PPROF_FIXTURE');
const facts = h.collapsedFacts(h.readCollapsed(fixture));
let env;
before(async () => { env = await h.setup(fixture); });
after(async () => { await env?.close(); });

const rowNames = async (page) => (await h.tableRows(page)).map((r) => r.cells.name);

function assertSorted(values, dir, what) {
  for (let i = 1; i < values.length; ++i) {
    const ok = dir === 'desc' ? values[i - 1] >= values[i] : values[i - 1] <= values[i];
    assert.ok(ok, `${what} not ${dir} at row ${i}: ${JSON.stringify(values)}`);
  }
}

test('the table lists every function of the fixture', async () => {
  await h.withViewer(env, 'table', async ({ page }) => {
    const names = await rowNames(page);
    assert.deepEqual([...names].sort(), [...facts.names].sort());
    // Default order: total, descending.
    assertSorted(names.map((n) => facts.cum.get(n)), 'desc', 'total (default sort)');
    await h.testid(page, 'function-table').screenshot({ path: path.join(h.screenshotDir(), 'table.png') });
  });
});

test('clicking sort-self sorts by self time, a second click reverses', async () => {
  await h.withViewer(env, 'sort', async ({ page }) => {
    const orders = [];
    for (let click = 0; click < 2; ++click) {
      const before = await rowNames(page);
      await h.settle(page, () => h.testid(page, 'sort-self').click(),
        (prev) => {
          const names = [...document.querySelectorAll('[data-testid=function-row]')].map((r) => r.dataset.frame).join();
          return new URL(location.href).searchParams.get('sort') === 'self' && names !== prev;
        }, (await h.tableRows(page)).map((r) => r.frame).join(), `click ${click + 1} on sort-self`);
      const q = h.query(page);
      const dir = q.get('dir') || 'desc';
      const names = await rowNames(page);
      assert.notDeepEqual(names, before, 'the order changed');
      assertSorted(names.map((n) => facts.self.get(n)), dir, `self (dir=${dir})`);
      orders.push(dir);
    }
    assert.deepEqual([...orders].sort(), ['asc', 'desc'], `the two clicks give both directions: ${orders}`);
    // The heaviest self time is first in descending order: deflate (400 samples).
    if (orders[1] === 'asc') {
      await h.settle(page, () => h.testid(page, 'sort-self').click(),
        () => (new URL(location.href).searchParams.get('dir') || 'desc') === 'desc', null, 'third click');
    }
    assert.equal((await rowNames(page))[0], 'deflate');
  });
});

test('the table filter narrows the rows', async () => {
  await h.withViewer(env, 'filter', async ({ page }) => {
    const all = (await rowNames(page)).length;
    await h.settle(page, () => h.testid(page, 'table-filter').fill('parse'),
      () => new URL(location.href).searchParams.get('filter') === 'parse'
        && [...document.querySelectorAll('[data-testid=function-row]')].every((r) => /parse/.test(r.textContent)),
      null, 'filter');
    const names = await rowNames(page);
    assert.deepEqual([...names].sort(), facts.names.filter((n) => n.includes('parse')).sort());
    assert.ok(names.length < all);
    await h.settle(page, () => h.testid(page, 'table-filter').fill(''),
      (n) => document.querySelectorAll('[data-testid=function-row]').length === n, all, 'clear filter');
    assert.equal(h.query(page).get('filter'), null);
  });
});

// "matched 12.3%"; a page may say "no match" instead of "matched 0%".
function matchedPercent(text) {
  if (/no match/i.test(text)) return 0;
  const m = /matched\s+([\d.]+)\s*%/.exec(text);
  assert.ok(m, `search-result text: ${JSON.stringify(text)}`);
  return Number(m[1]);
}

// Sets the regex checkbox and the search text, then waits for the render that follows.
async function search(page, text, { regex = false } = {}) {
  const checkbox = h.testid(page, 'search-regex'), box = h.testid(page, 'search');
  const before = await h.renders(page);
  let changed = false;
  if ((await checkbox.isChecked()) !== regex) { await checkbox.setChecked(regex); changed = true; }
  if ((await box.inputValue()) !== text) { await box.fill(text); changed = true; }
  if (changed) {
    await h.settle(page, () => {}, (w) => {
      const q = new URL(location.href).searchParams;
      return Number(document.documentElement.dataset.renders) > w.before && q.get('q') === w.text
        && (q.get('re') === '1') === w.regex;
    }, { before, text, regex }, `search ${text}`);
  }
  return matchedPercent(await h.testid(page, 'search-result').textContent());
}

test('search shows the matched share; regex mode', async () => {
  await h.withViewer(env, 'search', async ({ page }) => {
    const cases = [
      ['parse', false, (f) => f.includes('parse')],
      ['std::vector<', false, (f) => f.includes('std::vector<')],
      ['^(hash_lookup|deflate)$', true, (f) => /^(hash_lookup|deflate)$/.test(f)],
      ['sort|swap', true, (f) => /sort|swap/.test(f)],
    ];
    for (const [text, regex, match] of cases) {
      const expected = 100 * facts.share(match);
      const shown = await search(page, text, { regex });
      assert.ok(Math.abs(shown - expected) <= 0.051, `"${text}" (regex ${regex}): shown ${shown}%, expected ${expected.toFixed(2)}%`);
      assert.equal(h.query(page).get('re'), regex ? '1' : null);
    }
    // The same text without regex mode is a plain substring: nothing matches "sort|swap".
    const plain = await search(page, 'sort|swap', { regex: false });
    assert.equal(plain, 0);
  });
});

test('clicking a table row selects the function and the sandwich shows callers and callees', async () => {
  await h.withViewer(env, 'sandwich', async ({ page }) => {
    const row = (await h.tableRows(page)).find((r) => r.cells.name === 'parse_record');
    await h.settle(page, () => page.locator(`[data-testid=function-row][data-frame="${row.frame}"]`).click(),
      (f) => new URL(location.href).searchParams.get('sel') === f
        && /parse_input/.test(document.querySelector('[data-testid=callers]')?.textContent || ''),
      row.frame, 'row click');
    const callers = await h.testid(page, 'callers').textContent();
    const callees = await h.testid(page, 'callees').textContent();
    assert.match(callers, /parse_input/);
    for (const callee of ['parse_date', 'parse_amount', 'std::vector<Record>::push_back']) {
      assert.ok(callees.includes(callee), `callees has ${callee}: ${callees}`);
    }
    assert.ok(!callers.includes('parse_date') && !callees.includes('parse_input'), 'callers and callees are not mixed up');
    const dir = h.screenshotDir();
    await h.testid(page, 'sandwich').screenshot({ path: path.join(dir, 'sandwich.png') });
    await page.screenshot({ path: path.join(dir, 'selected.png') });
  });
});
