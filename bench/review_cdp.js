#!/usr/bin/env node
/* The review page's speed as Chromium itself measures it, over file:// in a fresh profile:
   - ready: ms from navigation start to the first card shown (review.js's data-ready-ms);
   - rated: ms from navigation start to the first rating accepted, the answer being revealed
     with Space and rated Good with 3 as soon as the first card shows (data-rated-ms);
   - script, task: the main thread's CPU time in script and in all tasks up to then, in ms
     (CDP's Performance.getMetrics), which a loaded machine inflates far less than wall time;
   - loaded: bytes of the script files the page had loaded by then (its <script src>
     elements, their size on disk).
   Each figure is the median of RUNS runs, each in a new browser with a new profile.

     node bench/review_cdp.js DIR/review.html [RUNS]      (CHROMIUM=/usr/bin/chromium)

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
  return { send, event, close };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function once() {
  const b = browser();
  try {
    const { targetId } = await b.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await b.send("Target.attachToTarget", { targetId, flatten: true });
    const s = (method, params) => b.send(method, params, sessionId);
    const value = async (expression) =>
      (await s("Runtime.evaluate", { expression, returnByValue: true })).result.value;
    await s("Page.enable");
    await s("Performance.enable", { timeDomain: "threadTicks" });
    await s("Page.navigate", { url: "file://" + page });
    const attr = (name) => `(document.getElementById("review") || {dataset: {}}).dataset.${name} || ""`;
    const started = Date.now();
    while (!(await value(attr("readyMs")))) {
      if (Date.now() - started > 60000) throw new Error("the first card never showed");
      await sleep(2);
    }
    for (const key of [" ", "3"]) {
      const code = key === " " ? "Space" : "Digit3";
      const text = key;
      await s("Input.dispatchKeyEvent", { type: "keyDown", key, code, text, windowsVirtualKeyCode: key.charCodeAt(0) });
      await s("Input.dispatchKeyEvent", { type: "keyUp", key, code, windowsVirtualKeyCode: key.charCodeAt(0) });
    }
    while (!(await value(attr("ratedMs")))) {
      if (Date.now() - started > 60000) throw new Error("the first rating was never accepted");
      await sleep(2);
    }
    const metrics = Object.fromEntries((await s("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    return {
      ready: +(await value(attr("readyMs"))),
      rated: +(await value(attr("ratedMs"))),
      script: Math.round(metrics.ScriptDuration * 1000),
      task: Math.round(metrics.TaskDuration * 1000),
      loaded: (await value(`[...document.scripts].map(s => s.src).filter(n => n.startsWith("file://"))`))
        .reduce((sum, url) => sum + fs.statSync(decodeURIComponent(new URL(url).pathname)).size, 0),
    };
  } finally {
    await b.close();
  }
}

(async () => {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const r = await once();
    all.push(r);
    console.log(`run ${i + 1}: ready ${r.ready} ms, rated ${r.rated} ms, script ${r.script} ms, task ${r.task} ms, loaded ${r.loaded} bytes`);
  }
  const median = (k) => all.map((r) => r[k]).sort((a, b) => a - b)[Math.floor((all.length - 1) / 2)];
  console.log(`median: ready ${median("ready")} ms, rated ${median("rated")} ms, script ${median("script")} ms, task ${median("task")} ms, loaded ${median("loaded")} bytes`);
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
