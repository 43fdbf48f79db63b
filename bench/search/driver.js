#!/usr/bin/env node
// Times studysite's in-browser search on a built site, in Debian's headless Chromium over
// file://, with performance.now() inside the page. Prints one JSON object on stdout.
//
//   node driver.js SITE_DIR [--runs N] [--page REL] [--chromium PATH] [--http]
//
// --http serves the site over HTTP from this process, under a sub-path as GitHub Pages does
// (http://127.0.0.1:PORT/site/), instead of opening it from disk.
//
// Nothing in the site is changed: an init script (run before the page's own scripts) wraps the
// MiniSearch class (to time its queries) and watches the scripts the search box loads and the
// result list, to time each step.
// See README.md for what each figure means.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

function parseArgs(argv) {
  const args = { runs: 3, page: null, chromium: process.env.CHROMIUM || '/usr/bin/chromium', http: false };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') args.runs = Number(argv[++i]);
    else if (a === '--page') args.page = argv[++i];
    else if (a === '--chromium') args.chromium = argv[++i];
    else if (a === '--http') args.http = true;
    else rest.push(a);
  }
  if (rest.length !== 1 || !(args.runs >= 1)) {
    console.error('usage: node driver.js SITE_DIR [--runs N] [--page REL] [--chromium PATH] [--http]');
    process.exit(2);
  }
  args.site = path.resolve(rest[0]);
  return args;
}

// The first query, typed at once as the box gets focus; then 21 later ones: whole words,
// prefixes (as typed so far), typos (the last one in the first letter) and two-word queries,
// from the corpus's vocabulary.
const FIRST_QUERY = 'replica';
const LATER_QUERIES = [
  'quorum', 'throughput', 'snapshot', 'certificate', 'idempotent', 'scheduler', 'compression',
  'thro', 'sched', 'snaps', 'certif', 'idem', 'replic',
  'qourum', 'thruoghput', 'checkpiont', 'scheudler', 'rollbak', 'hroughput',
  'leader lease', 'backoff retry',
];
// Typed one key at a time, each keystroke a query (what a user's typing costs).
const TYPED = 'quorum';

/** Runs in the page before its own scripts: hooks for timing, no change in behaviour. */
function instrument() {
  const b = (window.__bench = { t: {}, searches: [], scripts: [] });
  let MS;
  Object.defineProperty(window, 'MiniSearch', {
    configurable: true,
    get() { return MS; },
    set(Base) {
      b.t.minisearchDefined = performance.now();
      // On the prototype: engines made by MiniSearch.loadJS are instances of the class itself.
      // The page queries with executeQuery (see site.js), which search also goes through.
      const search = Base.prototype.executeQuery;
      Base.prototype.executeQuery = function (...args) {
        const t = performance.now();
        const r = search.apply(this, args);
        b.searches.push([t, performance.now() - t]);
        return r;
      };
      MS = Base;
    },
  });
  const name = (src) => src.split('/').slice(-2).join('/');
  document.addEventListener('load', (e) => {
    const src = e.target && e.target.tagName === 'SCRIPT' && e.target.src;
    const s = src && b.scripts.find((x) => x.src === name(src));
    if (s) s.loaded = performance.now();
  }, true);
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) {
        if (n.tagName === 'SCRIPT' && n.src) b.scripts.push({ src: name(n.src), injected: performance.now() });
      }
    }).observe(document.head, { childList: true });
    const list = document.getElementById('search-results');
    if (!list) return;
    // The list is shown with titles and sections, then busy until the snippets are in.
    new MutationObserver(() => {
      if (!list.querySelector('li')) return;
      if (!b.t.firstResults) {
        b.t.firstResults = performance.now();
        requestAnimationFrame(() => setTimeout(() => { b.t.firstFrame = performance.now(); }, 0));
      }
      if (!b.t.firstSnippets && !list.hasAttribute('aria-busy')) b.t.firstSnippets = performance.now();
    }).observe(list, { childList: true, attributes: true, attributeFilter: ['aria-busy'] });
  });
}

function firstNotePage(site) {
  const dirs = fs.readdirSync(site).filter((d) => /^s\d+$/.test(d)).sort();
  for (const d of dirs) {
    const notes = fs.readdirSync(path.join(site, d)).filter((f) => /^note-.*\.html$/.test(f)).sort();
    if (notes.length) return `${d}/${notes[0]}`;
  }
  return 'index.html';
}

/** CPU time (ms, user + system) used so far by this driver's Chromium renderer processes, from
 *  /proc: a figure that a busy machine inflates far less than wall time. null without /proc. */
function rendererCpuMs() {
  let pids;
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const parent = new Map(), ticks = new Map(), renderer = new Set();
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(pid, f[1]);
      ticks.set(pid, Number(f[11]) + Number(f[12]));
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) renderer.add(pid);
    } catch {
      // the process ended meanwhile
    }
  }
  const mine = (pid) => {
    for (let p = pid, i = 0; p && p !== '0' && i < 20; p = parent.get(p), i++) {
      if (p === String(process.pid)) return true;
    }
    return false;
  };
  let total = 0;
  for (const pid of renderer) if (mine(pid)) total += ticks.get(pid);
  return (total * 1000) / 100; // USER_HZ is 100 on Linux
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => (typeof x === 'number' ? Math.round(x * 10) / 10 : x);

async function firstQuery(browser, url) {
  const context = await browser.newContext(); // a fresh renderer: no compiled-code cache
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(instrument);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  const cpu0 = rendererCpuMs();
  const t0 = await page.evaluate((q) => {
    const input = document.getElementById('search-input');
    const t = performance.now();
    window.__bench.t.focus = t;
    input.focus();
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return t;
  }, FIRST_QUERY);
  await page.waitForFunction(() => window.__bench.t.firstFrame && window.__bench.t.firstSnippets, null,
    { timeout: 120000, polling: 20 });
  const cpu1 = rendererCpuMs();
  const b = await page.evaluate(() => ({
    t: window.__bench.t,
    searches: window.__bench.searches,
    scripts: window.__bench.scripts,
    results: document.querySelectorAll('#search-results li[role=option]').length,
    heapMB: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null,
  }));
  const t = b.t;
  const took = (s) => s.loaded - s.injected;
  const of = (re) => b.scripts.filter((s) => re.test(s.src));
  const shards = of(/^search\/t-/), chunks = of(/^search\/d-/);
  const lastShard = Math.max(...shards.map((s) => s.loaded));
  const lastSearch = b.searches[b.searches.length - 1];
  const run = {
    total: t.firstResults - t0,
    toFrame: t.firstFrame - t0,
    snippets: t.firstSnippets - t0,
    rendererCpu: cpu0 === null ? null : cpu1 - cpu0,
    minisearchLoaded: took(of(/minisearch\.js$/)[0]),
    metaLoaded: took(of(/^search\/meta\.js$/)[0]),
    shardsLoaded: Math.max(...shards.map(took)),
    engineBuilt: b.searches[0][0] - lastShard,
    search: b.searches.reduce((a, s) => a + s[1], 0),
    render: t.firstResults - (lastSearch[0] + lastSearch[1]),
    chunksLoaded: Math.max(...chunks.map((s) => s.loaded)) - Math.min(...chunks.map((s) => s.injected)),
    snippetsFilled: t.firstSnippets - Math.max(...chunks.map((s) => s.loaded)),
    results: b.results,
    scripts: b.scripts.map((s) => s.src),
    heapMB: b.heapMB,
    errors,
  };
  return { context, page, run };
}

async function laterQueries(page) {
  return page.evaluate(async ({ queries, typed }) => {
    const input = document.getElementById('search-input');
    const list = document.getElementById('search-results');
    const pause = () => new Promise((r) => setTimeout(r, 50));
    const fresh = () => !list.querySelector('[data-stale]') && list.querySelector('li');
    const one = async (q) => {
      const before = window.__bench.searches.length, scripts = window.__bench.scripts.length;
      list.querySelectorAll('li').forEach((li) => li.setAttribute('data-stale', ''));
      let shown;
      const snippets = new Promise((resolve) => {
        const o = new MutationObserver(() => {
          if (!fresh()) return;
          if (!shown) shown = performance.now();
          if (!list.hasAttribute('aria-busy')) { o.disconnect(); resolve(performance.now()); }
        });
        o.observe(list, { childList: true, attributes: true, attributeFilter: ['aria-busy'] });
      });
      const listFrame = new Promise((resolve) => {
        const o = new MutationObserver(() => {
          if (fresh()) { o.disconnect(); requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)); }
        });
        o.observe(list, { childList: true });
      });
      const t = performance.now();
      input.value = q;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const handler = performance.now() - t; // what runs in the input event itself
      const framed = await listFrame; // and the browser's style, layout and paint
      const done = await snippets;
      const engine = window.__bench.searches.slice(before).reduce((a, s) => a + s[1], 0);
      const results = list.querySelectorAll('li[role=option]').length;
      const loaded = window.__bench.scripts.slice(scripts).map((s) => s.src);
      await pause();
      return { q, shown: shown - t, toFrame: framed - t, snippets: done - t, handler, engine, results, loaded };
    };
    const later = [];
    for (const q of queries) later.push(await one(q));
    const keys = [];
    for (let i = 1; i <= typed.length; i++) keys.push(await one(typed.slice(0, i)));
    return { later, keys };
  }, { queries: LATER_QUERIES, typed: TYPED });
}

/** Serves `root` under /site/ on a free port, as a static host would; resolves to its base URL. */
function serve(root) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(req.url.split('?')[0]).replace(/^\/site\//, '');
    const file = path.join(root, rel);
    if (!file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' }).end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    server.unref();
    resolve(`http://127.0.0.1:${server.address().port}/site/`);
  }));
}

(async () => {
  const args = parseArgs(process.argv.slice(2));
  const rel = args.page || firstNotePage(args.site);
  const encoded = rel.split('/').map(encodeURIComponent).join('/');
  const url = args.http
    ? (await serve(args.site)) + encoded
    : 'file://' + args.site.split('/').map(encodeURIComponent).join('/') + '/' + encoded;
  const browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const out = { page: rel, over: args.http ? 'http' : 'file', chromium: browser.version(), firstQuery: FIRST_QUERY, runs: [] };
  try {
    let last = null;
    for (let i = 0; i < args.runs; i++) {
      if (last) await last.context.close();
      last = await firstQuery(browser, url);
      out.runs.push(last.run);
      process.stderr.write(`first query, run ${i + 1}/${args.runs}: ${round(last.run.total)} ms\n`);
    }
    const { later, keys } = await laterQueries(last.page);
    out.later = later;
    out.keys = keys;
    await last.context.close();
  } finally {
    await browser.close();
  }
  const med = (k, xs = out.runs) => round(median(xs.map((r) => r[k])));
  out.summary = {
    firstQueryMedianMs: med('total'),
    firstQueryToFrameMedianMs: med('toFrame'),
    firstQueryRendererCpuMedianMs: med('rendererCpu'),
    firstQuerySnippetsMedianMs: med('snippets'),
    breakdownMedianMs: Object.fromEntries(
      ['minisearchLoaded', 'metaLoaded', 'shardsLoaded', 'engineBuilt', 'search', 'render', 'chunksLoaded', 'snippetsFilled']
        .map((k) => [k, med(k)])),
    laterMedianMs: Object.fromEntries(['shown', 'toFrame', 'snippets', 'engine'].map((k) => [k, med(k, out.later)])),
    laterMaxMs: Object.fromEntries(['shown', 'toFrame', 'snippets'].map((k) => [k, round(Math.max(...out.later.map((r) => r[k])))])),
    keystrokesMs: out.keys.map((k) => [k.q, round(k.shown), round(k.snippets), k.results]),
    heapMB: med('heapMB'),
    errors: out.runs.flatMap((r) => r.errors),
  };
  for (const r of [...out.runs, ...out.later, ...out.keys]) for (const k of Object.keys(r)) r[k] = round(r[k]);
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
})().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
