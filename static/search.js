/* Search: the index is built by studysite into search/ (see src/output/search/) and loaded a piece at
   a time with classic <script> tags, which browsers allow over file:// where fetch is blocked:
   MiniSearch and search/meta.js on first focus of the search box, then the shard of each first
   letter a query uses. The result list is shown at once (meta.js says where each section is);
   each snippet is filled in when the chunk holding its section's text arrives. */
(function () {
  "use strict";
  var box = document.querySelector(".search") || searchBox();
  if (!box) return;
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var root = document.documentElement.getAttribute("data-root") || "";
  var meta = null, shared = null, noteOf = null, engines = {}, active = -1, asked = 0, SHOWN = 12;
  // How many results are shown: SHOWN more each time the reader asks for more.
  var limit = SHOWN;
  box.hidden = false;

  // The search box, in the header after the site's title (base.html leaves it to this script:
  // without script it could do nothing); none in a page without the header.
  function searchBox() {
    var header = document.querySelector(".site-header");
    if (!header) return null;
    var made = document.createElement("div");
    made.className = "search";
    made.setAttribute("role", "search");
    made.innerHTML = '<label class="visually-hidden" for="search-input">Search the course</label>' +
      '<input id="search-input" type="search" placeholder="Search ( / )" autocomplete="off" spellcheck="false"' +
      ' role="combobox" aria-expanded="false" aria-controls="search-results" aria-autocomplete="list">' +
      '<div id="search-status" class="visually-hidden" role="status" aria-live="polite"></div>' +
      '<ul id="search-results" role="listbox" aria-label="Search results" hidden></ul>';
    var title = header.querySelector(".site-title");
    header.insertBefore(made, title ? title.nextSibling : header.firstChild);
    return made;
  }

  // Keep prices and figures whole ("$0.20", "1,000,000", "15") as well as plain words.
  // src/output/search/tokens.rs indexes with the same expression and processTerm: keep them in step.
  var TOKEN = /\$?\d+(?:[.,]\d+)*|[\p{L}\p{N}_]+(?:['\u2019][\p{L}]+)*/gu;
  function tokenize(text) { return text.match(TOKEN) || []; }
  function processTerm(term) {
    term = term.toLowerCase().replace(/\u2019/g, "'");
    if (/^\$?\d/.test(term)) {
      var bare = term.replace(/^\$/, ""), digits = bare.replace(/,/g, "");
      return [term, bare, digits].filter(function (t, i, all) { return all.indexOf(t) === i; });
    }
    return term;
  }
  function shardOf(term) { return term.replace(/^\$/, "").codePointAt(0).toString(16); }
  var OPTIONS = {
    fields: ["t", "h", "x", "k"],
    tokenize: tokenize,
    processTerm: processTerm,
    searchOptions: {
      boost: { t: 3, h: 2, k: 2 },
      prefix: function (term) { return !/^\$?\d/.test(term); },
      // MiniSearch's defaults, said here because lookUp weighs near words by them too.
      weights: { fuzzy: 0.45, prefix: 0.375 },
      fuzzy: function (term) { return /^\$?\d/.test(term) ? false : term.length > 5 ? 0.34 : term.length > 3 ? 0.25 : false; },
      combineWith: "AND"
    }
  };

  // Parts of the index, by name, once read; as their scripts hand them over, they are deflated
  // JSON in base64 (see src/output/search/script.rs), inflated by the browser's own
  // DecompressionStream (no script of ours does it).
  var parts = {}, packed = {}, waiting = {};
  window.studysiteSearchPart = function (name, data) { packed[name] = data; };
  function inflate(base64, then) {
    try {
      var text = atob(base64), bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
      new Response(stream).text().then(function (json) { then(JSON.parse(json)); }, function () { then(null); });
    } catch (e) { then(null); }
  }
  // "minisearch", "meta", "vocab", "t6c" (a term shard), "d12" (a chunk of sections).
  function scriptOf(name) {
    if (name === "minisearch") return "vendor/minisearch.js";
    if (name === "meta" || name === "vocab") return "search/" + name + ".js";
    return "search/" + name.charAt(0) + "-" + name.slice(1) + ".js";
  }
  function need(names, then) {
    var left = names.length;
    if (!left) return then();
    names.forEach(function (name) {
      var done = function () { if (--left === 0) then(); };
      if (name in parts) return done();
      if (waiting[name]) return waiting[name].push(done);
      waiting[name] = [done];
      var s = document.createElement("script");
      s.src = root + scriptOf(name);
      // A part that fails to load is taken as empty, so what waits for it goes on (a list
      // without its snippets rather than one busy for ever), and the failure is said.
      var arrived = function () {
        var data = packed[name], ready = function (value) {
          if (!(name in parts)) parts[name] = value;
          if (value === null && name !== "minisearch") failed();
          var w = waiting[name]; delete waiting[name];
          w.forEach(function (f) { f(); });
        };
        delete packed[name];
        if (typeof data === "string") inflate(data, ready);
        else ready(name === "minisearch" ? true : null);
      };
      var failed = function () {
        status.textContent = name.charAt(0) === "d" ? "Some snippets could not be loaded." : "Search could not be loaded.";
      };
      s.onload = arrived;
      s.onerror = arrived;
      document.head.appendChild(s);
    });
  }

  function start(then) {
    if (!meta) status.textContent = "Loading search…";
    need(["minisearch", "meta"], function () {
      if (!meta) {
        meta = parts.meta;
        if (!meta || !window.MiniSearch) { status.textContent = "Search could not be loaded."; return; }
        // Sections are numbered 0..docs-1 and that number is their id: no map needed for it.
        // MiniSearch reads a section's field lengths as get(id)[field] and keeps nothing, so one
        // row is refilled for every call rather than one allocated per section scored.
        var docs = meta.docs, flat = numbers(meta.lengths), row = [0, 0, 0, 0];
        shared = {
          ids: { has: function (id) { return id >= 0 && id < docs; }, get: function (id) { return id; } },
          lengths: { get: function (id) {
            for (var f = 0; f < 4; f++) row[f] = flat[4 * id + f];
            return row;
          } },
          shards: new Set(meta.shards)
        };
        meta.lengths = null;
        // A line per note: url, title, then a heading and an anchor per section, tab-separated
        // (see place_line in src/output/search/), a line split into its fields only when shown.
        // Which note each section is in, and where that note's sections start:
        var counts = numbers(meta.sectionsPerNote);
        meta.places = meta.places.split("\n");
        meta.firstOf = new Uint32Array(counts.length);
        noteOf = new Uint32Array(docs);
        for (var p = 0, id = 0; p < counts.length; p++) {
          meta.firstOf[p] = id;
          for (var n = counts[p]; n > 0; n--) noteOf[id++] = p;
        }
        status.textContent = "";
      }
      then();
    });
  }

  // One MiniSearch per shard, so a query's results never depend on which other shards happen
  // to be loaded: a word is looked up in its own letter's engine, and in others only when the
  // vocabulary says they have words near it.
  //
  // MiniSearch (7.2.0, vendored) takes a prebuilt index only in its own JSON, whose loading
  // builds every posting map up front. We use four of its internals instead, the ones its own
  // loadJS and search use: _index (the term tree, whose class also holds the vocabulary),
  // _documentIds and _fieldLength (shared by all engines) and executeQuery (results before they
  // are turned into objects and sorted, so only the dozen shown are). The browser tests
  // exercise all four; check them when upgrading.
  function engineFor(key) {
    if (engines[key]) return engines[key];
    var engine = window.MiniSearch.loadJS({
      documentCount: meta.docs, nextId: meta.docs, documentIds: {}, fieldIds: { t: 0, h: 1, x: 2, k: 3 },
      fieldLength: {}, averageFieldLength: meta.avg, storedFields: {}, dirtCount: 0, index: [],
      serializationVersion: 2
    }, OPTIONS);
    engine._documentIds = shared.ids;
    engine._fieldLength = shared.lengths;
    (parts["t" + key] || []).forEach(function (entry) { engine._index.set(entry[0], new Postings(entry)); });
    parts["t" + key] = null;
    return engines[key] = engine;
  }

  // A term's postings by field, from [term, field, "postings", ...] (see push_number in
  // src/output/search/postings.rs: (section delta, count) pairs, 5 bits a digit), decoded the first time a query
  // matches the term: most terms of a shard never are. MiniSearch only calls get(field) on it.
  var DIGIT = [];
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  function numbers(text) {
    var out = new Uint32Array(text.length), count = 0, n = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charCodeAt(i)];
      n = n * 32 + digit % 32;
      if (digit < 32) { out[count++] = n; n = 0; }
    }
    return out.subarray(0, count);
  }
  function Postings(entry) { this.entry = entry; this.fields = null; }
  Postings.prototype.get = function (field) {
    if (!this.fields) {
      this.fields = new Map();
      for (var i = 1; i < this.entry.length; i += 2) {
        var pairs = numbers(this.entry[i + 1]), counts = new Map(), doc = 0;
        for (var j = 0; j < pairs.length; j += 2) { doc += pairs[j]; counts.set(doc, pairs[j + 1]); }
        this.fields.set(this.entry[i], counts);
      }
      this.entry = null;
    }
    return this.fields.get(field);
  };

  // Sections matching every query word (AND), best first, while `current()` (a newer query
  // drops an older one between its steps). Each word is looked up in the engine of its first
  // letter, and the words' results are joined as MiniSearch joins its own. Typo tolerance only
  // when the words as typed (and as prefixes) match fewer sections than a screenful: it costs
  // the most, and a query that already finds plenty is rarely misspelled. If they still do, and
  // a word is no word of its letter (nor the start of one), its first letter may be the typo:
  // the vocabulary (search/vocab.js, loaded then) gives the words one edit away in other
  // letters, and those are looked up in their engines too, weighted as MiniSearch weighs a
  // typo.
  function find(query, current, then) {
    var words = tokenize(query).map(function (token) {
      var term = [].concat(processTerm(token))[0];
      return { token: token, term: term, key: shardOf(term), near: [] };
    });
    if (!words.length) return then([]);
    need(shardsOf(words), function () {
      if (!current()) return;
      var exact = words.map(function (w) { return lookUp(w, { fuzzy: false }); });
      // A word that finds nothing and takes no typos leaves nothing to find.
      if (words.some(function (w, i) { return !exact[i].size && !maxDistance(w.term); })) return then([]);
      var best = top(exact);
      if (best.length >= SHOWN) return then(best);
      best = top(words.map(function (w) { return lookUp(w, {}); }));
      var unknown = words.filter(function (w) { return maxDistance(w.term) && !known(w); });
      if (best.length >= SHOWN || !unknown.length) return then(best);
      need(["vocab"], function () {
        if (!current()) return;
        unknown.forEach(function (w) {
          vocabulary().fuzzyGet(w.term, 1).forEach(function (_, term) {
            if (shardOf(term) !== w.key) w.near.push(term);
          });
        });
        if (!unknown.some(function (w) { return w.near.length; })) return then(best);
        need(shardsOf(words), function () {
          if (current()) then(top(words.map(function (w) { return lookUp(w, {}); })));
        });
      });
    });
  }

  // The shards (as part names) a query's words and their near words are in.
  function shardsOf(words) {
    var names = [];
    words.forEach(function (w) {
      [w.key].concat(w.near.map(shardOf)).forEach(function (k) {
        if (shared.shards.has(k) && names.indexOf("t" + k) < 0) names.push("t" + k);
      });
    });
    return names;
  }

  // How many typos MiniSearch forgives in a term (0 for none), as it works it out.
  function maxDistance(term) {
    var fuzzy = OPTIONS.searchOptions.fuzzy(term);
    return !fuzzy ? 0 : fuzzy < 1 ? Math.min(6, Math.round(term.length * fuzzy)) : fuzzy;
  }

  // Whether a word is a word of its letter's index, or the start of one (as typed so far).
  function known(w) {
    return shared.shards.has(w.key) && !engineFor(w.key)._index.atPrefix(w.term).keys().next().done;
  }

  // Every term of the index but figures, in MiniSearch's own term tree (the class of an
  // engine's _index), for its fuzzyGet.
  var vocab = null;
  function vocabulary() {
    if (vocab) return vocab;
    vocab = new (new window.MiniSearch(OPTIONS)._index.constructor)();
    (parts.vocab || "").split(" ").forEach(function (term) { if (term) vocab.set(term, true); });
    parts.vocab = null;
    return vocab;
  }

  // A word's matches: in its letter's engine, and its near words (one edit away, in other
  // letters) as MiniSearch scores a fuzzy match (its weight times length / (length + 1)).
  function lookUp(w, options) {
    var found = shared.shards.has(w.key) ? engineFor(w.key).executeQuery(w.token, options) : new Map();
    w.near.forEach(function (term) {
      var weight = OPTIONS.searchOptions.weights.fuzzy * term.length / (term.length + 1);
      var more = new Map();
      engineFor(shardOf(term)).executeQuery(term, { fuzzy: false, prefix: false }).forEach(function (r, id) {
        more.set(id, { score: r.score * weight, terms: [w.term], match: r.match });
      });
      found = combine(found, more, false);
    });
    return found;
  }

  // MiniSearch's combinations of results: OR (a word's matches) and AND (the words of a
  // query): scores added, terms and matches merged.
  function combine(a, b, and) {
    var out = new Map();
    if (!and) a.forEach(function (r, id) { out.set(id, r); });
    b.forEach(function (r, id) {
      var j = a.get(id);
      if (!j) { if (!and) out.set(id, r); return; }
      var terms = j.terms.slice();
      r.terms.forEach(function (t) { if (terms.indexOf(t) < 0) terms.push(t); });
      out.set(id, { score: j.score + r.score, terms: terms, match: Object.assign({}, j.match, r.match) });
    });
    return out;
  }

  // The best `limit` of the sections every word found, as MiniSearch ranks them (its score
  // times the number of query words matched), and how many there are (`total`). A note's
  // opening section (no heading) whose title matched stands for the note: it goes just above
  // the best of the note's other sections, since every section of a note has its title and a
  // heading that matches too would otherwise put the note itself below its own sections.
  function top(found) {
    var joined = found.reduce(function (all, more) { return combine(all, more, true); });
    var scores = new Map(), noteBest = new Map(), best = [];
    joined.forEach(function (r, id) {
      var score = r.score * (r.terms.length || 1);
      scores.set(id, score);
      if (!(noteBest.get(noteOf[id]) >= score)) noteBest.set(noteOf[id], score);
    });
    joined.forEach(function (r, id) {
      var score = scores.get(id), note = noteOf[id];
      if (id === meta.firstOf[note] && !place(id).h && titleMatched(r)) score = Math.max(score, noteBest.get(note) * 1.001);
      if (best.length === limit && score <= best[limit - 1].score) return;
      var at = best.length;
      while (at > 0 && best[at - 1].score < score) at--;
      best.splice(at, 0, { id: id, score: score, terms: Object.keys(r.match), queryTerms: r.terms });
      if (best.length > limit) best.pop();
    });
    best.total = joined.size;
    return best;
  }
  function titleMatched(r) {
    for (var term in r.match) if (r.match[term].indexOf("t") >= 0) return true;
    return false;
  }

  // The chunk holding a section: the last one starting at or before it.
  function chunkOf(id) {
    var lo = 0, hi = meta.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.chunks[mid] <= id) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function place(id) {
    var p = meta.places[noteOf[id]].split("\t"), at = 2 + 2 * (id - meta.firstOf[noteOf[id]]);
    return { u: p[0] + (p[at + 1] ? "#" + p[at + 1] : ""), t: p[1], h: p[at] };
  }
  function text(id) {
    var c = chunkOf(id), chunk = parts["d" + c];
    return chunk ? chunk[id - meta.chunks[c]] : null;
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Where the 180 characters showing the most different matched words begin.
  function bestWindow(text, pattern) {
    if (!pattern) return 0;
    var hits = [], m;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(text)) !== null && hits.length < 400) {
      if (m[0] === "") { pattern.lastIndex++; continue; }
      hits.push({ at: m.index, word: m[0].toLowerCase() });
    }
    var best = hits.length ? hits[0].at : 0, bestCount = 0;
    hits.forEach(function (hit, i) {
      var seen = {}, count = 0;
      for (var j = i; j < hits.length && hits[j].at < hit.at + 120; j++) {
        if (!seen[hits[j].word]) { seen[hits[j].word] = true; count++; }
      }
      if (count > bestCount) { bestCount = count; best = hit.at; }
    });
    return best;
  }

  // Fills a result's snippet: a piece of the section's text around the best match, with every
  // match marked.
  function snippet(span, text, terms) {
    var words = terms.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    var pattern = words.length ? new RegExp(words.map(escapeRegExp).join("|"), "gi") : null;
    var start = Math.max(0, bestWindow(text, pattern) - 60);
    var piece = (start > 0 ? "…" : "") + text.slice(start, start + 180) + (text.length > start + 180 ? "…" : "");
    if (!pattern) { span.textContent = piece; return; }
    var last = 0, m;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(piece)) !== null) {
      if (m[0] === "") { pattern.lastIndex++; continue; }
      span.appendChild(document.createTextNode(piece.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      span.appendChild(mark);
      last = m.index + m[0].length;
    }
    span.appendChild(document.createTextNode(piece.slice(last)));
  }

  function setActive(i, scroll) {
    var items = list.querySelectorAll("[role=option]");
    if (!items.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
    active = (i + items.length) % items.length;
    items.forEach(function (o, j) { o.setAttribute("aria-selected", j === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
    if (scroll !== false) items[active].scrollIntoView({ block: "nearest" });
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  // The latest query wins: an answer that arrives after a newer query was asked is dropped, and
  // so is a chunk of snippets that arrives after it.
  // `from`: the option to make active (the first of the ones "more" added); none for a new list.
  function show(from) {
    var query = input.value.trim(), mine = ++asked;
    if (!query) { list.textContent = ""; list.removeAttribute("aria-busy"); close(); return; }
    start(function () {
      find(query, function () { return mine === asked; }, function (results) {
        if (mine !== asked) return;
        // The chunks missing are asked for before the list is built, to arrive the sooner, and
        // in the order of the results, the first shown first; the list is busy (for assistive
        // technology, and the tests) until every snippet is in.
        var chunks = {}, order = [], snippets = null;
        results.forEach(function (r, i) {
          var c = chunkOf(r.id);
          if (!chunks[c]) { chunks[c] = []; order.push(c); }
          chunks[c].push(i);
        });
        var fill = function (c) {
          chunks[c].forEach(function (i) {
            var r = results[i];
            snippet(snippets[i], text(r.id) || place(r.id).h || "", r.terms.concat(r.queryTerms));
          });
        };
        var missing = order.filter(function (c) { return !("d" + c in parts); }), left = missing.length;
        missing.forEach(function (c) {
          need(["d" + c], function () {
            if (mine !== asked) return;
            fill(c);
            if (--left === 0) list.removeAttribute("aria-busy");
          });
        });
        snippets = render(query, results, from);
        order.forEach(function (c) { if (missing.indexOf(c) < 0) fill(c); });
        if (left) list.setAttribute("aria-busy", "true");
      });
    });
  }

  // Shows the results' titles and sections; returns their (empty) snippets, to be filled.
  function render(query, results, from) {
    list.textContent = "";
    list.removeAttribute("aria-busy");
    var shown = 0, snippets = [];
    results.forEach(function (r) {
      var doc = place(r.id);
      // The link is the option (an option may hold no link), its list item only a wrapper.
      var li = document.createElement("li");
      li.setAttribute("role", "none");
      var a = document.createElement("a");
      a.setAttribute("role", "option");
      a.id = "search-result-" + shown++;
      a.setAttribute("aria-selected", "false");
      // doc.u is an href studysite made from the site root (src/url.rs): already encoded, and
      // with `./` before a name whose `:` would read as a scheme, so only the root goes before it.
      // The words matched go along as ?q=, for the page to mark them.
      a.href = root + withWords(doc.u, r.terms);
      a.tabIndex = -1;
      var title = document.createElement("span");
      title.className = "result-title";
      title.textContent = doc.t;
      a.appendChild(title);
      if (doc.h) {
        var heading = document.createElement("span");
        heading.className = "result-section";
        heading.textContent = " › " + doc.h;
        a.appendChild(heading);
      }
      var span = document.createElement("span");
      span.className = "result-snippet";
      a.appendChild(span);
      snippets.push(span);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (results.total > shown) {
      // One more option: choosing it shows SHOWN more. Its text says the count.
      var li = document.createElement("li"), more = document.createElement("a");
      li.setAttribute("role", "none");
      more.setAttribute("role", "option");
      more.id = "search-more";
      more.className = "more-results";
      more.setAttribute("aria-selected", "false");
      more.tabIndex = -1;
      more.textContent = shown + " of " + results.total + " results: show " + Math.min(SHOWN, results.total - shown) + " more";
      li.appendChild(more);
      list.appendChild(li);
    }
    if (!shown) {
      var none = document.createElement("li");
      none.className = "no-results";
      none.textContent = "No results for “" + query + "”";
      list.appendChild(none);
    }
    status.textContent = (results.total > shown ? shown + " of " + results.total : shown) + (results.total === 1 ? " result" : " results");
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    // A new list starts at its top, with its first option active. Scrolling there at once would
    // force a layout while the query is still being answered; before the next frame costs nothing.
    // A longer one (after "more") goes on at the first option added.
    if (from) { setActive(from); return snippets; }
    setActive(shown ? 0 : -1, false);
    requestAnimationFrame(function () { list.scrollTop = 0; });
    return snippets;
  }

  // The words a result matched, as ?q= before its anchor (a query works over file:// too).
  function withWords(href, terms) {
    var at = href.indexOf("#"), hash = at < 0 ? "" : href.slice(at);
    var words = terms.filter(function (t) { return !/^\$?\d/.test(t); });
    return (at < 0 ? href : href.slice(0, at)) + (words.length ? "?q=" + encodeURIComponent(words.join(" ")) : "") + hash;
  }

  // Choosing an option: a result opens its page; "more" shows SHOWN more results.
  function choose(a) {
    if (a.id !== "search-more") { location.href = a.href; return; }
    var from = list.querySelectorAll("[role=option]").length - 1;
    limit += SHOWN;
    show(from);
  }

  // The list is no stop of its own for Tab (Chromium makes a scrolling box one), and Tab from
  // the box closes it, so the focus goes on to the next control that is to be seen.
  list.tabIndex = -1;
  input.addEventListener("focus", function () { start(function () { if (input.value) show(); }); });
  input.addEventListener("input", function () { limit = SHOWN; show(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (list.hidden) show(); else setActive(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      var chosen = list.querySelector("a[aria-selected=true]");
      if (chosen && !list.hidden) { e.preventDefault(); choose(chosen); }
    } else if (e.key === "Tab") {
      close();
    } else if (e.key === "Escape") {
      // One thing a press (site.js): the list, else the box itself.
      e.preventDefault();
      if (!list.hidden) close(); else input.blur();
    }
  });
  list.addEventListener("mousedown", function (e) { if (e.target.closest("a")) e.preventDefault(); });
  list.addEventListener("click", function (e) { var a = e.target.closest("a"); if (a) { e.preventDefault(); choose(a); } });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if ((e.key === "/" && !typing) || (e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
})();

/* The page a search result opened marks the words the result matched (its ?q=, which search.js
   above adds to the link), so the reader sees where they are; Escape clears the marks. Whole
   words only, as they are indexed; not inside diagrams, formulas or scripts. */
(function () {
  "use strict";
  var q = null, area = document.querySelector("main .content");
  try { q = new URLSearchParams(location.search).get("q"); } catch (e) { q = null; }
  if (!q || !area) return;
  var words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 20).sort(function (a, b) { return b.length - a.length; });
  if (!words.length) return;
  var escape = function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/'/g, "['\u2019]"); };
  var pattern = new RegExp("(?<![\\p{L}\\p{N}_])(?:" + words.map(escape).join("|") + ")(?![\\p{L}\\p{N}_])", "giu");
  var texts = [], walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT, {
    acceptNode: function (n) {
      return n.parentNode.closest("svg, script, style, mark, .katex, .math") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    }
  });
  while (walker.nextNode()) texts.push(walker.currentNode);
  var count = 0;
  texts.forEach(function (node) {
    var text = node.nodeValue, last = 0, m, pieces = null;
    pattern.lastIndex = 0;
    while ((m = pattern.exec(text)) !== null && count < 1000) {
      pieces = pieces || document.createDocumentFragment();
      pieces.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = m[0];
      pieces.appendChild(mark);
      last = m.index + m[0].length;
      count++;
    }
    if (!pieces) return;
    pieces.appendChild(document.createTextNode(text.slice(last)));
    node.replaceWith(pieces);
  });
  // Escape (site.js) clears them once nothing else is open.
  if (!window.studysiteEscape) return;
  window.studysiteEscape(4, function () { return !!area.querySelector("mark.search-hit"); }, function () {
    area.querySelectorAll("mark.search-hit").forEach(function (mark) {
      var parent = mark.parentNode;
      mark.replaceWith(document.createTextNode(mark.textContent));
      parent.normalize();
    });
  });
})();
