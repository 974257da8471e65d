// The page as a whole: it loads without errors and signals ready, the three views switch (and
// Back undoes a switch), help and theme work, and each view is saved as a screenshot.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as h from './harness.mjs';

const VIEWS = ['sunburst', 'icicle', 'flame'];
let env;
before(async () => { env = await h.setup(h.requireEnv('PPROF_FIXTURE')); });
after(async () => { await env?.close(); });

async function pressed(page) {
  const out = {};
  for (const v of VIEWS) out[v] = await h.testid(page, `view-${v}`).getAttribute('aria-pressed');
  return out;
}

function onlyPressed(view) {
  return Object.fromEntries(VIEWS.map((v) => [v, String(v === view)]));
}

test('the page loads without console errors and signals ready', async () => {
  await h.withViewer(env, 'load', async ({ page }) => {
    const d = await page.evaluate(() => ({ ...document.documentElement.dataset }));
    assert.equal(d.state, 'ready');
    assert.ok(Number(d.renders) >= 1, `dataset.renders after the first render: ${d.renders}`);
    assert.equal(d.view, 'icicle', 'the default view');
    assert.deepEqual(await pressed(page), onlyPressed('icicle'));
    const box = await h.testid(page, 'chart').boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `chart canvas size ${JSON.stringify(box)}`);
    assert.ok(await h.testid(page, 'function-row').count() > 0, 'the function table has rows');
    assert.equal(await h.testid(page, 'error').isVisible(), false);
    assert.equal(await page.evaluate(() => typeof window.pprofView?.state), 'function');
    assert.equal(await page.evaluate(() => typeof window.pprofView.state()), 'object');
    assert.ok(await h.locate(page, 'main'), "locate('main') finds the root's child");
    assert.equal(await h.locate(page, 'no such function anywhere'), null);
  });
});

test('switching views redraws, updates the URL and aria-pressed, Back undoes it; screenshots', async () => {
  const dir = h.screenshotDir();
  await h.withViewer(env, 'views', async ({ page }) => {
    for (const view of ['sunburst', 'flame', 'icicle']) {
      await h.act(page, () => h.testid(page, `view-${view}`).click(), `clicking view-${view}`);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.view), view);
      assert.deepEqual(await pressed(page), onlyPressed(view));
      const q = h.query(page).get('view');
      assert.ok(q === view || (view === 'icicle' && q === null), `URL view=${q} for ${view}`);
      assert.ok(await h.locate(page, 'aggregate'), `a node of 'aggregate' is drawn in ${view}`);
      await page.screenshot({ path: path.join(dir, `${view}.png`) });
    }
    await h.act(page, () => page.goBack(), 'Back');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.view), 'flame');
    assert.deepEqual(await pressed(page), onlyPressed('flame'));
  });
});

test('the keyboard switches views too (s, f, i)', async () => {
  await h.withViewer(env, 'view-keys', async ({ page }) => {
    await h.testid(page, 'chart').focus();
    for (const [key, view] of [['s', 'sunburst'], ['f', 'flame'], ['i', 'icicle']]) {
      await h.act(page, () => page.keyboard.press(key), `pressing ${key}`);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.view), view);
    }
  });
});

test('the help overlay opens with ? and the button, and closes with Escape', async () => {
  await h.withViewer(env, 'help', async ({ page }) => {
    const help = h.testid(page, 'help');
    assert.equal(await help.isVisible(), false);
    await page.locator('body').press('?');
    await help.waitFor({ state: 'visible', timeout: h.WAIT_MS });
    assert.match(await help.textContent(), /\?/);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden', timeout: h.WAIT_MS });
    await h.testid(page, 'help-button').click();
    await help.waitFor({ state: 'visible', timeout: h.WAIT_MS });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden', timeout: h.WAIT_MS });
  });
});

test('the theme button switches between light and dark', async () => {
  await h.withViewer(env, 'theme', async ({ page }) => {
    const look = () => page.evaluate(() => ({
      label: document.querySelector('[data-testid=theme]').textContent.trim(),
      background: getComputedStyle(document.body).backgroundColor,
    }));
    const seen = [await look()];
    for (let i = 0; i < 3; ++i) {
      await h.testid(page, 'theme').click();
      seen.push(await look());
      assert.notEqual(seen.at(-1).label, seen.at(-2).label, 'the button says which theme is on');
    }
    const backgrounds = new Set(seen.map((s) => s.background));
    assert.ok(backgrounds.size >= 2, `the background changes with the theme: ${JSON.stringify(seen)}`);
    assert.deepEqual(seen.at(-1), seen[0], 'three clicks go round (auto, light, dark)');
  });
});
