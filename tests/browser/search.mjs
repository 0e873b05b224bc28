// Drives the search page in headless Debian Chromium, as a reader would:
// type a query, submit, see highlighted results, page on, narrow by a facet,
// open an article; and on a 400 px screen. Usage:
// node search.mjs URL SCREENSHOT_PATH NARROW_SCREENSHOT_PATH (1200 px and 400 px wide)
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [url, screenshot, narrowScreenshot] = process.argv.slice(2);
if (!url || !screenshot || !narrowScreenshot) {
  console.error("usage: node search.mjs URL SCREENSHOT_PATH NARROW_SCREENSHOT_PATH");
  process.exit(2);
}

// A fresh profile, and nothing that phones home, so runs are repeatable offline.
const profile = mkdtempSync(join(tmpdir(), "gazette-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1200, height: 900 },
});
context.setDefaultTimeout(15000);

function step(name) {
  console.log(`browser: ${name}`);
}

try {
  const page = await context.newPage();
  // The CSP must not block anything the page itself needs (its inline style).
  const violations = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });

  await page.goto(url);
  step("start page");
  assert.equal(await page.locator("script").count(), 0, "the page has no scripts");
  await page.fill('input[name="q"]', "harbor");
  await Promise.all([page.waitForURL(/q=harbor/), page.press('input[name="q"]', "Enter")]);

  step("results");
  assert.equal(await page.inputValue('input[name="q"]'), "harbor", "the box keeps the query");
  const marks = page.locator(".hits mark");
  assert.ok((await marks.count()) > 0, "matches are highlighted");
  assert.match(await marks.first().innerText(), /harbo/i);
  assert.match(await page.locator(".summary").innerText(), /Results 1–10 of 15 for “harbor”/);
  const markStyle = await marks.first().evaluate((e) => getComputedStyle(e).borderRadius);
  assert.equal(markStyle, "2px", "the inline stylesheet applies");
  await page.screenshot({ path: screenshot, fullPage: true });

  step("small screen");
  await page.setViewportSize({ width: 400, height: 800 });
  const top = async (selector) => (await page.locator(selector).first().boundingBox()).y;
  const hitsEnd = await page.locator(".hits").evaluate((e) => e.getBoundingClientRect().bottom);
  assert.ok(hitsEnd <= (await top(".timeline")), "the timeline comes after the results");
  assert.ok(hitsEnd <= (await top(".facets h3")), "the facets come after the results");
  assert.ok((await top("nav.pages")) < (await top(".facets")), "the pages come before the facets");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 400, `nothing is wider than the screen (${overflow} px)`);
  await page.screenshot({ path: narrowScreenshot, fullPage: true });
  await page.setViewportSize({ width: 1200, height: 900 });

  step("feed");
  const feedHref = await page
    .locator('link[rel="alternate"][type="application/atom+xml"]')
    .getAttribute("href");
  const feed = await context.request.get(new URL(feedHref, page.url()).href);
  assert.equal(feed.status(), 200);
  assert.match(feed.headers()["content-type"], /^application\/atom\+xml/);
  // Chromium's own XML parser, as a feed reader would read it.
  const atom = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length > 0) return null;
    const ns = "http://www.w3.org/2005/Atom";
    const children = (e, name) =>
      [...e.children].filter((c) => c.namespaceURI === ns && c.localName === name);
    const one = (e, name) => children(e, name).length === 1;
    const entries = children(doc.documentElement, "entry");
    return {
      root: doc.documentElement.namespaceURI + " " + doc.documentElement.localName,
      feed: ["id", "title", "updated"].every((n) => one(doc.documentElement, n)),
      entries: entries.length,
      complete: entries.every((e) => ["id", "title", "updated"].every((n) => one(e, n))),
    };
  }, await feed.text());
  assert.ok(atom, "the feed is well-formed XML");
  assert.equal(atom.root, "http://www.w3.org/2005/Atom feed");
  assert.ok(atom.feed, "the feed has its id, title and updated");
  assert.ok(atom.entries > 0 && atom.complete, "every entry has its id, title and updated");

  step("timeline");
  const bars = page.locator(".timeline svg a");
  assert.ok((await bars.count()) > 1, "the timeline has a bar for each period with matches");
  const total = async () => {
    const summary = await page.locator(".summary").innerText();
    const [, all, some] = summary.match(/^([\d,]+) results?|of (?:about )?([\d,]+)/);
    return Number((all ?? some).replace(/,/g, ""));
  };
  const before = await total();
  const period = (await bars.last().getAttribute("aria-label")).split(":")[0];
  await Promise.all([page.waitForURL(/since=.*until=/), bars.last().click()]);
  assert.equal(await page.inputValue('input[name="q"]'), "harbor", "the bar keeps the query");
  assert.match(page.url(), new RegExp(`since=${period}`), "the bar narrows to its period");
  assert.ok((await total()) < before, "the bar narrows the results");
  await page.goBack();

  step("next page");
  await Promise.all([page.waitForURL(/page=2/), page.click('a[rel="next"]')]);
  assert.match(await page.locator(".summary").innerText(), /Results 11–15 of 15/);

  step("facet");
  const facet = page.locator(".facets li a").first();
  const value = await facet.innerText();
  await Promise.all([page.waitForURL((u) => !/page=2/.test(u.search)), facet.click()]);
  const chip = page.locator('a.chip[title="Remove this filter"]');
  assert.match(await chip.first().innerText(), new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));

  step("article");
  const headline = page.locator(".hits h2 a").first();
  await Promise.all([page.waitForURL(/doc=/), headline.click()]);
  assert.ok(await page.locator("article h1").isVisible(), "the article has a headline");
  assert.ok((await page.locator("article p").count()) > 1, "the article has its paragraphs");
  assert.ok((await page.locator("article mark").count()) > 0, "query words are highlighted");

  step("similar articles");
  const thread = page.locator(".thread li");
  assert.ok((await thread.count()) > 1, "the article lists similar articles");
  assert.equal(await page.locator('.thread li[aria-current="page"]').count(), 1, "and itself among them");
  assert.ok((await page.locator(".thread time").count()) > 1, "with their dates");
  await Promise.all([page.waitForURL(/like=/), page.click('.thread a:text("More like this")')]);
  assert.match(await page.locator(".summary").innerText(), /similar to this article/);

  step("error page");
  const bad = await page.goto(url + "?q=harbor&page=500");
  assert.equal(bad.status(), 400);
  assert.equal(await page.inputValue('input[name="q"]'), "harbor", "the search box stays");
  assert.match(await page.locator(".error").innerText(), /page must be a number/);

  assert.deepEqual(violations, [], "no Content-Security-Policy violations");
  console.log(`browser: all steps passed; screenshots at ${screenshot} and ${narrowScreenshot}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
