// Navigation state: clicking a chart node zooms (URL zoom=, breadcrumbs), Back restores, a
// breadcrumb zooms out, and a reload (or a shared link) restores view, zoom, search and selection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

let env;
before(async () => { env = await h.setup(h.requireEnv('PPROF_FIXTURE')); });
after(async () => { await env?.close(); });

async function frameOf(page, name) {
  const row = (await h.tableRows(page)).find((r) => r.cells.name === name);
  assert.ok(row, `a function-row named ${name}`);
  return row.frame;
}

const crumbs = (page) => h.testid(page, 'crumb').allTextContents();
const zoomPath = (page) => (h.query(page).get('zoom') || '').split('.').filter(Boolean);

async function clickNode(page, name) {
  const at = await h.locate(page, name);
  assert.ok(at, `locate(${name}) finds a drawn node`);
  await h.act(page, () => page.mouse.click(at.x, at.y), `clicking ${name}`);
}

for (const view of ['icicle', 'flame', 'sunburst']) {
  test(`${view}: clicking a node zooms into it and Back restores`, async () => {
    await h.withViewer(env, `zoom-${view}`, async ({ page }) => {
      assert.equal(await page.evaluate(() => document.documentElement.dataset.view), view);
      const main = await frameOf(page, 'main'), aggregate = await frameOf(page, 'aggregate');
      const sort = await frameOf(page, 'std::sort');
      const before = await crumbs(page);
      assert.equal(h.query(page).get('zoom'), null);
      assert.ok(await h.locate(page, 'deflate'), 'deflate is drawn before zooming');

      await clickNode(page, 'aggregate');
      assert.deepEqual(zoomPath(page), [main, aggregate], 'zoom= is the path of frame ids');
      const zoomed = await crumbs(page);
      assert.ok(zoomed.length > before.length, `breadcrumbs grew: ${JSON.stringify(before)} -> ${JSON.stringify(zoomed)}`);
      assert.match(zoomed.at(-1), /aggregate/);
      assert.equal(await h.locate(page, 'deflate'), null, 'outside the zoomed subtree is not drawn');
      assert.ok(await h.locate(page, 'hash_lookup'), 'inside it is');

      await clickNode(page, 'std::sort');
      assert.deepEqual(zoomPath(page), [main, aggregate, sort]);
      assert.equal((await crumbs(page)).length, zoomed.length + 1);

      await h.act(page, () => page.goBack(), 'Back');
      assert.deepEqual(zoomPath(page), [main, aggregate]);
      await h.act(page, () => page.goBack(), 'Back');
      assert.equal(h.query(page).get('zoom'), null, 'Back to the unzoomed chart');
      assert.deepEqual(await crumbs(page), before);
      assert.ok(await h.locate(page, 'deflate'), 'the whole tree is drawn again');

      await h.act(page, () => page.goForward(), 'Forward');
      assert.deepEqual(zoomPath(page), [main, aggregate]);
    }, { extraQuery: view === 'icicle' ? '' : `&view=${view}` });
  });
}

test('a breadcrumb zooms out to its node', async () => {
  await h.withViewer(env, 'crumb', async ({ page }) => {
    const main = await frameOf(page, 'main'), aggregate = await frameOf(page, 'aggregate');
    await clickNode(page, 'aggregate');
    await clickNode(page, 'std::sort');
    const crumb = h.testid(page, 'crumb').filter({ hasText: 'aggregate' }).first();
    await h.act(page, () => crumb.click(), 'clicking the aggregate crumb');
    assert.deepEqual(zoomPath(page), [main, aggregate]);
    await h.act(page, () => h.testid(page, 'crumb').first().click(), 'clicking the first crumb');
    assert.equal(h.query(page).get('zoom'), null, 'the first crumb is the whole profile');
  });
});

test('a reload restores view, zoom, search and selection from the URL', async () => {
  await h.withViewer(env, 'reload', async ({ page }) => {
    await h.act(page, () => h.testid(page, 'view-flame').click(), 'view-flame');
    await clickNode(page, 'parse_input');
    await h.settle(page, () => h.testid(page, 'search').fill('parse'),
      () => /matched/.test(document.querySelector('[data-testid=search-result]').textContent), null, 'search');
    const record = await frameOf(page, 'parse_record');
    const row = page.locator(`[data-testid=function-row][data-frame="${record}"]`);
    await h.settle(page, () => row.click(), (f) => new URL(location.href).searchParams.get('sel') === f, record, 'row');
    await page.waitForFunction(() => /parse_input/.test(document.querySelector('[data-testid=callers]')?.textContent || ''));

    const snapshot = async () => ({
      query: Object.fromEntries([...h.query(page)].filter(([k]) => k !== 'token')),
      view: await page.evaluate(() => document.documentElement.dataset.view),
      crumbs: await crumbs(page),
      search: (await h.testid(page, 'search').inputValue()),
      result: (await h.testid(page, 'search-result').textContent()).trim(),
      callers: (await h.testid(page, 'callers').textContent()).replace(/\s+/g, ' ').trim(),
      callees: (await h.testid(page, 'callees').textContent()).replace(/\s+/g, ' ').trim(),
    });
    const wanted = await snapshot();
    assert.equal(wanted.view, 'flame');
    assert.ok(wanted.query.zoom && wanted.query.q === 'parse' && wanted.query.sel === record, JSON.stringify(wanted.query));

    await page.reload({ waitUntil: 'domcontentloaded' });
    await h.waitReady(page, 'reload');
    assert.deepEqual(await snapshot(), wanted);

    // The same URL in a fresh page (a shared link) shows the same.
    const url = page.url();
    const other = await h.openViewer(env.browser, url);
    try {
      const view = await other.page.evaluate(() => document.documentElement.dataset.view);
      assert.equal(view, 'flame');
      assert.deepEqual(await crumbs(other.page), wanted.crumbs);
      assert.equal((await h.testid(other.page, 'search-result').textContent()).trim(), wanted.result);
      assert.deepEqual(other.errors, []);
    } finally {
      await other.context.close();
    }
  });
});

test('typing a search replaces the history entry; Back returns to the entry before the last push', async () => {
  await h.withViewer(env, 'history-replace', async ({ page }) => {
    await h.act(page, () => h.testid(page, 'view-flame').click(), 'view-flame');
    await h.settle(page, () => h.testid(page, 'search').fill('parse'),
      () => /match/.test(document.querySelector('[data-testid=search-result]').textContent), null, 'search');
    assert.equal(h.query(page).get('q'), 'parse');
    await h.act(page, () => page.goBack(), 'Back');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.view), 'icicle');
    assert.equal(h.query(page).get('q'), null, 'the search was not a history entry of its own');
    assert.equal(await h.testid(page, 'search').inputValue(), '');
  });
});

test('depth and cutoff limit what is drawn', async () => {
  await h.withViewer(env, 'depth-cutoff', async ({ page }) => {
    assert.ok(await h.locate(page, 'strtod'), 'strtod (5 levels down) is drawn');
    await h.act(page, () => h.testid(page, 'depth').selectOption('3'), 'depth 3');
    assert.equal(h.query(page).get('depth'), '3');
    assert.equal(await h.locate(page, 'strtod'), null, 'nothing deeper than 3 levels');
    assert.ok(await h.locate(page, 'parse_input'));
    await h.act(page, () => h.testid(page, 'depth').selectOption('0'), 'depth all');
    assert.ok(await h.locate(page, 'strtod'));

    assert.ok(await h.locate(page, 'push_back'), 'push_back (2.2%) is drawn at the default cutoff');
    await h.act(page, () => h.testid(page, 'cutoff').selectOption('0.05'), 'cutoff 5%');
    assert.equal(h.query(page).get('cutoff'), '0.05');
    assert.equal(await h.locate(page, 'push_back'), null, 'below 5% is hidden');
    assert.ok(await h.locate(page, 'hash_lookup'), 'hash_lookup (16.7%) stays');
  });
});
