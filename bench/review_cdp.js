#!/usr/bin/env node
/* The review page's speed as Chromium itself measures it, over file:// in a fresh profile. All
   times are in ms from the review page's navigation start (performance.now() in the page):
   - first paint: the page's first paint (Paint Timing), with or without its card;
   - card: the first card put in the page (review.js's data-ready-ms), before Chromium has laid
     it out or painted it;
   - painted: the first frame with that card painted: the end of the first animation frame after
     it (requestAnimationFrame, then a zero timeout, run by an observer this script adds to the
     page; nothing of it is in the site);
   - rated: the first rating accepted (data-rated-ms), Space and 3 being pressed the moment the
     card is painted: the observer calls back over CDP (Runtime.addBinding) rather than being
     polled, and the keys go at once;
   - key lag: from painted to the first key press's timestamp in the page: what this bench adds
     to rated (its round trip), not the page;
   - script, task: the main thread's CPU time in script and in all tasks up to the rating
     (CDP's Performance.getMetrics in thread time), which a loaded machine inflates far less than
     wall time;
   - bytes: the page and every file it had loaded by then (scripts and style sheets, their size
     on disk).
   Each figure is the median of RUNS runs, each in a new browser with a new profile.

     node bench/review_cdp.js DIR/review.html [RUNS]      (CHROMIUM=/usr/bin/chromium)

   With WARM=1, each run first opens the site's home page (index.html beside review.html) and
   then the review page, as a student does who follows the header's Review link: the browser and
   its page process are running, so the figures leave out their start-up.

   With TRACE=1, each run also prints where the time went, from Chromium's trace: when each
   file was asked for (with Chromium's priority for it and whether it blocks rendering or the
   parser) and finished loading, and the main thread's tasks, each with what it did (a script's compile
   and run, HTML parsing, style, layout, paint) in ms of CPU (the thread's own time, which the
   load inflates little), then the CPU of each kind of work summed up to the rating.

   No dependency: it speaks CDP over --remote-debugging-pipe (Node 20 has no WebSocket). */
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const page = path.resolve(process.argv[2] || "");
const runs = +(process.argv[3] || 5);
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
if (!fs.existsSync(page)) {
  console.error("usage: node bench/review_cdp.js DIR/review.html [RUNS]");
  process.exit(2);
}

function browser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "review-cdp-"));
  const child = spawn(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
    "--user-data-dir=" + profile, "about:blank",
  ], { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] });
  const pending = new Map();
  const waiters = [];
  const listeners = {};
  let next = 1, buffer = "";
  child.stdio[4].on("data", (data) => {
    buffer += data.toString("utf8");
    let end;
    while ((end = buffer.indexOf("\0")) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id && pending.has(message.id)) {
        const { resolve, reject } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) reject(new Error(JSON.stringify(message.error)));
        else resolve(message.result);
      } else if (message.method) {
        if (listeners[message.method]) listeners[message.method](message.params);
        for (let i = waiters.length - 1; i >= 0; i--) {
          if (waiters[i].method === message.method) waiters.splice(i, 1)[0].resolve(message.params);
        }
      }
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    child.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + "\0");
  });
  const event = (method) => new Promise((resolve) => waiters.push({ method, resolve }));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const close = async () => {
    child.kill();
    await exited;
    // Its helper processes may still be writing there for a moment.
    for (let i = 0; i < 20; i++) {
      try { fs.rmSync(profile, { recursive: true, force: true }); return; } catch (e) { await sleep(100); }
    }
  };
  const on = (method, f) => { listeners[method] = f; };
  return { send, event, on, close };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Added to every page before its own scripts: once review.js has put the first card in the
   page, it waits for the frame that paints it and calls the bench back; it keeps the first key
   press's timestamp. */
const OBSERVER = `(function () {
  addEventListener("keydown", function (e) {
    if (window.__benchKeyMs === undefined) window.__benchKeyMs = e.timeStamp;
  }, true);
  new MutationObserver(function (changes, observer) {
    var page = document.getElementById("review");
    if (!page || !page.dataset.readyMs) return;
    observer.disconnect();
    requestAnimationFrame(function () {
      setTimeout(function () { __reviewBench(String(performance.now())); }, 0);
    });
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready-ms"] });
})();`;

async function once() {
  const b = browser();
  try {
    const { targetId } = await b.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await b.send("Target.attachToTarget", { targetId, flatten: true });
    const s = (method, params) => b.send(method, params, sessionId);
    const value = async (expression) =>
      (await s("Runtime.evaluate", { expression, returnByValue: true })).result.value;
    const trace = [];
    if (process.env.TRACE) {
      b.on("Tracing.dataCollected", (p) => trace.push(...p.value));
      await b.send("Tracing.start", {
        transferMode: "ReportEvents",
        traceConfig: { includedCategories: ["devtools.timeline", "v8", "blink.user_timing", "loading", "disabled-by-default-devtools.timeline"] },
      });
    }
    await s("Page.enable");
    await s("Runtime.enable");
    await s("Runtime.addBinding", { name: "__reviewBench" });
    await s("Page.addScriptToEvaluateOnNewDocument", { source: OBSERVER });
    await s("Performance.enable", { timeDomain: "threadTicks" });
    // With WARM=1 the CPU figures are still the review page's alone: Chromium counts them
    // afresh for each page.
    if (process.env.WARM) {
      const loaded = b.event("Page.loadEventFired");
      await s("Page.navigate", { url: "file://" + path.join(path.dirname(page), "index.html") });
      await loaded;
    }
    const painted = b.event("Runtime.bindingCalled");
    await s("Page.navigate", { url: "file://" + page });
    // Unref'd: a run that went well leaves no timer keeping node alive for a minute.
    const timeout = (what) => new Promise((_, reject) => setTimeout(() => reject(new Error(what)), 60000).unref());
    const paintedMs = +(await Promise.race([painted, timeout("the first card never showed")])).payload;
    for (const key of [" ", "3"]) {
      const code = key === " " ? "Space" : "Digit3";
      const text = key;
      await s("Input.dispatchKeyEvent", { type: "keyDown", key, code, text, windowsVirtualKeyCode: key.charCodeAt(0) });
      await s("Input.dispatchKeyEvent", { type: "keyUp", key, code, windowsVirtualKeyCode: key.charCodeAt(0) });
    }
    // The rating's time is taken in the page: polling for it adds nothing to it.
    const attr = (name) => `(document.getElementById("review") || {dataset: {}}).dataset.${name} || ""`;
    const started = Date.now();
    while (!(await value(attr("ratedMs")))) {
      if (Date.now() - started > 60000) throw new Error("the first rating was never accepted");
      await sleep(5);
    }
    if (process.env.TRACE) {
      const done = b.event("Tracing.tracingComplete");
      await b.send("Tracing.end");
      await done;
      timeline(trace);
    }
    const metrics = Object.fromEntries((await s("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    const files = await value(`[location.href, ...[...document.querySelectorAll("script[src], link[rel=stylesheet]")].map(e => e.src || e.href)]`);
    return {
      first: Math.round(await value(`(performance.getEntriesByName("first-paint")[0] || {}).startTime`)),
      card: +(await value(attr("readyMs"))),
      painted: Math.round(paintedMs),
      rated: +(await value(attr("ratedMs"))),
      lag: Math.round((await value("window.__benchKeyMs")) - paintedMs),
      script: Math.round(metrics.ScriptDuration * 1000),
      task: Math.round(metrics.TaskDuration * 1000),
      bytes: files.filter((n) => n.startsWith("file://"))
        .reduce((sum, url) => sum + fs.statSync(decodeURIComponent(new URL(url).pathname)).size, 0),
    };
  } finally {
    await b.close();
  }
}

/* Prints the renderer main thread's work up to the first rating, in ms from navigation start:
   the top-level tasks over 1 ms of CPU, each with what it did (a script's compile and run,
   JSON.parse, HTML parsing, style, layout, paint) in ms of the thread's CPU, when each file
   finished loading, and each kind of work's CPU summed (they nest: a script run inside HTML
   parsing counts in both). */
function timeline(events) {
  // The review page's navigation: with WARM=1 the home page's came first.
  const start = events.filter((e) => e.name === "navigationStart").pop();
  if (!start) { console.log("  (no navigationStart in the trace)"); return; }
  const main = events.find((e) => (e.name === "ParseHTML" || e.name === "EvaluateScript") && e.ts > start.ts);
  const thread = (e) => e.pid === main.pid && e.tid === main.tid && e.ts >= start.ts;
  const cpu = (e) => (e.tdur !== undefined ? e.tdur : e.dur || 0);
  const ms = (us) => (us / 1000).toFixed(1);
  const at = (e) => ms(e.ts - start.ts);
  const short = (url) => (url || "").split("/").slice(-2).join("/");
  const urlOf = (e) => (e.args && e.args.data && (e.args.data.url || e.args.data.fileName)) ||
    (e.args && e.args.fileName) || "";
  const lines = [];
  const urls = {};
  for (const e of events) {
    if (e.ts < start.ts) continue;
    if (e.name === "ResourceFinish" && e.args && e.args.data && (urls[e.args.data.requestId] || "").startsWith("file:")) {
      lines.push([e.ts, `  ${at(e)} loaded ${short(urls[e.args.data.requestId])}`]);
    }
    if (e.name === "ResourceSendRequest" && e.args && e.args.data) {
      const d = e.args.data;
      urls[d.requestId] = d.url;
      if ((d.url || "").startsWith("file:")) {
        lines.push([e.ts, `  ${at(e)} asked for ${short(d.url)} (priority ${d.priority}, ${d.renderBlocking || "?"})`]);
      }
    }
  }
  const tasks = events.filter((e) => thread(e) && e.ph === "X" && e.name === "RunTask" && cpu(e) > 1000);
  const inside = (t) => events.filter((e) => thread(e) && e.ph === "X" && e !== t && e.ts >= t.ts &&
    e.ts + (e.dur || 0) <= t.ts + t.dur && WORK.has(e.name) && cpu(e) > 300);
  for (const t of tasks) {
    const what = inside(t).map((e) => `${e.name}${urlOf(e) ? " " + short(urlOf(e)) : ""} ${ms(cpu(e))}`);
    lines.push([t.ts, `  ${at(t)} task ${ms(cpu(t))} ms CPU (${ms(t.dur)} wall): ${what.join(", ")}`]);
  }
  for (const [, line] of lines.sort((a, b) => a[0] - b[0])) console.log(line);
  const sums = {};
  for (const e of events) {
    if (!thread(e) || e.ph !== "X" || !(WORK.has(e.name) || e.name === "RunTask")) continue;
    const key = e.name === "EvaluateScript" || e.name === "v8.compile" ? `${e.name} ${short(urlOf(e))}` : e.name;
    sums[key] = (sums[key] || 0) + cpu(e);
  }
  console.log("  CPU by kind: " + Object.entries(sums).filter(([, v]) => v >= 500).sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${ms(v)}`).join(", "));
}
const WORK = new Set(["ParseHTML", "EvaluateScript", "v8.compile", "v8.run", "FunctionCall", "v8.parseOnBackground",
  "UpdateLayoutTree", "Layout", "Paint", "PrePaint", "Layerize", "TimerFire", "EventDispatch", "v8.callFunction",
  "V8.GC_SCAVENGER", "MajorGC", "MinorGC", "CommitLoad", "ParseAuthorStyleSheet", "V8.ScriptCompiler", "JSON.parse"]);

const FIGURES = [["first", " ms"], ["card", " ms"], ["painted", " ms"], ["rated", " ms"], ["lag", " ms"], ["script", " ms"], ["task", " ms"], ["bytes", ""]];
const NAMES = { first: "first paint", lag: "key lag", script: "script CPU", task: "task CPU" };
const line = (r) => FIGURES.map(([k, unit]) => `${NAMES[k] || k} ${r[k]}${unit}`).join(", ");

(async () => {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const r = await once();
    all.push(r);
    console.log(`run ${i + 1}: ${line(r)}`);
  }
  const median = (k) => all.map((r) => r[k]).sort((a, b) => a - b)[Math.floor((all.length - 1) / 2)];
  console.log(`median: ${line(Object.fromEntries(FIGURES.map(([k]) => [k, median(k)])))}`);
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
