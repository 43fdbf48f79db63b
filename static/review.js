/* The review page (review.html): spaced repetition of the cards that studysite drew from the
   notes (src/cards/), and multiple-choice quizzes from the comparisons. Loaded only by that
   page, after vendor/ts-fsrs.js (the FSRS scheduler, as Anki uses it) and progress.js (the
   stored progress). The page holds, in its data block #review-first, the data of
   cards/p-0.js, cards/b-0.js and cards.js (the first part of the cards, the first cards' HTML
   and the index of the parts), so that the first card waits for no file; a site's own page may
   name those files instead. The other parts and the other cards' HTML come in from cards/ as
   they are needed, as classic scripts so that they load over file:// (see
   src/output/cards/bundle.rs for the format).

   The query string chooses what to practise: ?note=<page> (and &comparison=<id>),
   ?section=<folder>, ?tag=<slug>, nothing for the whole course; ?quiz=1 runs a quiz round over
   the same choice. Cards due now come first (the most overdue first), then new ones in course
   order. Keys: Space or Enter shows the answer, 1-4 rate it (Again, Hard, Good, Easy); in a
   quiz, 1-9 choose and Enter goes on. */
(function () {
  "use strict";
  var page = document.getElementById("review");
  var status = document.getElementById("review-status");
  var progress = window.studysiteProgress;
  var params = new URLSearchParams(window.location.search);
  var QUIZ_ROUND = 10;
  /* A card rated Again or Hard comes back in minutes: within this much, it comes back in this
     session. */
  var SOON_MS = 60 * 60 * 1000;

  function say(text) { status.textContent = text; }
  function $(id) { return document.getElementById(id); }

  /* What the page keeps out of its first layout and paint (templates/review.html marks them
     data-after-card: the practise list, the progress section and the outline), so that those are
     the first card's alone, and out of the moments between the card and its first rating, when
     a layout of them would hold up the student's key. They come back at the first of: the first
     rating, a Tab key, a wheel or a touch, a second after the first card; once painted when
     there is no card (the first quiz question, nothing due, a file missing); three seconds in,
     whatever happened. */
  var afterShown = false;
  function showAfter() {
    if (afterShown) return;
    afterShown = true;
    var list = document.querySelectorAll("[data-after-card]");
    for (var i = 0; i < list.length; i++) {
      list[i].hidden = false;
      list[i].style.removeProperty("content-visibility");
      list[i].removeAttribute("data-after-card");
    }
  }
  function showAfterPaint() {
    if (!afterShown) window.requestAnimationFrame(function () { window.setTimeout(showAfter, 0); });
  }
  function showAfterCard() {
    window.setTimeout(showAfter, 1000);
    document.addEventListener("keydown", function (e) { if (e.key === "Tab") showAfter(); }, true);
    // Not on "scroll": the focus moving to the rating buttons may scroll the page itself.
    window.addEventListener("wheel", showAfter, { passive: true, once: true });
    window.addEventListener("touchstart", showAfter, { passive: true, once: true });
  }
  window.setTimeout(showAfter, 3000);

  if (!window.FSRS || !progress) {
    say("The review page could not load its scheduler: is vendor/ts-fsrs.js beside it?");
    showAfter();
    return;
  }
  var scheduler = FSRS.fsrs(FSRS.generatorParameters({ enable_fuzz: false, learning_steps: ["10m"] }));
  var store = page.dataset.store;
  var loaded = progress.load(store);
  var records = loaded.cards;
  var problem = loaded.problem;
  var data = null;
  /* The folder of the cards' other files (src/output/cards/bundle.rs): the parts, each the ids
     and notes of up to 1024 cards, loaded when their cards are needed; the cards' HTML, 256
     cards a file, loaded as a card is about to be shown; the quiz questions. */
  var folder = page.dataset.cards;
  var bodies = {}, waiting = {};
  /* The course's parts: {dir, first, count, tags: {slug: cards}, notes} (notes once loaded). */
  var parts = [];

  function load(src) {
    var script = document.createElement("script");
    script.src = folder + src;
    script.onerror = function () {
      say("The cards did not load: is the cards folder beside this page?");
      showAfter();
    };
    document.head.appendChild(script);
  }

  /* Calls `then` once file `name` has come in, loading it if it has not been asked for. */
  function once(name, have, then) {
    if (have()) { then(); return; }
    if (!waiting[name]) { waiting[name] = []; load(name + ".js"); }
    waiting[name].push(then);
  }

  function arrived(name) {
    var then = waiting[name] || [];
    delete waiting[name];
    then.forEach(function (f) { f(); });
  }

  window.studysiteCardBodies = function (n, list) {
    bodies[n] = list;
    arrived("b-" + n);
  };

  /* Parts that came before the index (the page hands over the first one before it). */
  var early = {};

  window.studysiteCardPart = function (k, d) {
    if (!data) { early[k] = d; return; }
    var part = parts[k], first = part.first, prefix = part.dir ? part.dir + "/" : "";
    part.ids = d.ids;
    part.anchor = d.anchor.map(function (a) { return d.anchors[a]; });
    part.notes = d.notes.map(function (n) {
      var note = {
        title: n[0], url: n[1].charAt(0) === "/" ? n[1].slice(1) : prefix + n[1] + ".html",
        dir: part.dir, tags: n[2].map(function (t) { return data.tags[t]; }), first: first, count: n[3], part: part,
      };
      first += n[3];
      return note;
    });
    arrived("p-" + k);
  };

  /* Calls `then` once card i's HTML is here. */
  function withBody(i, then) {
    var n = Math.floor(i / data.chunk);
    once("b-" + n, function () { return bodies[n]; }, then);
  }

  /* Calls `then` once every part of `list` is here. */
  function withParts(list, then) {
    var left = list.length + 1;
    var one = function () { if (--left === 0) then(); };
    list.forEach(function (part) { once("p-" + part.k, function () { return part.notes; }, one); });
    one();
  }

  function body(i) { return bodies[Math.floor(i / data.chunk)][i % data.chunk]; }
  function partOf(i) {
    var lo = 0, hi = parts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (parts[mid].first <= i) lo = mid; else hi = mid - 1;
    }
    return parts[lo];
  }
  /* A card's id: a part's ids are one string, 16 hex digits each. */
  function idOf(i) { var p = partOf(i); return p.ids.substr((i - p.first) * 16, 16); }
  function anchorOf(i) { var p = partOf(i); return p.anchor[i - p.first]; }

  window.studysiteCards = function (d) {
    data = d;
    var first = 0;
    parts = d.parts.map(function (p, k) {
      var tags = {};
      for (var t = 0; t < p[2].length; t += 2) tags[d.tags[p[2][t]]] = p[2][t + 1];
      var part = { k: k, dir: d.dirs[p[0]], first: first, count: p[1], tags: tags, notes: null };
      first += p[1];
      return part;
    });
    Object.keys(early).forEach(function (k) { window.studysiteCardPart(+k, early[k]); });
    early = {};
    var scope = chooseScope();
    $("review-scope").textContent = scope.label;
    if (params.get("quiz")) {
      window.studysiteQuiz = function (list) {
        var kept = list.map(function (q) {
          var n = q[1];
          var note = { title: n[0], url: n[1], dir: d.dirs[n[2]], tags: n[3].map(function (t) { return d.tags[t]; }) };
          return { id: q[0], note: note, anchor: q[2], prompt: q[3], choices: q[4], answer: q[5] };
        }).filter(function (q) { return scope.keep(q.note, q.anchor); });
        if (scope.note && kept.length) named(scope, kept[0].note.title);
        startQuiz(kept);
      };
      load("quiz.js");
    } else startReview(scope);
  };

  /* What to practise: {label, keep(note, anchor), parts (those that may hold its cards),
     cards (how many, when the index tells), note (the page, for one note)}. */
  function chooseScope() {
    var note = params.get("note"), section = params.get("section"), tag = params.get("tag");
    var comparison = params.get("comparison");
    var sum = function (list, f) { return list.reduce(function (a, p) { return a + f(p); }, 0); };
    if (note !== null) {
      // Its part is among those of the page's folder, unless a permalink put it elsewhere.
      var folder = note.lastIndexOf("/") >= 0 ? note.slice(0, note.lastIndexOf("/")) : "";
      var near = parts.filter(function (p) { return p.dir === folder; });
      return {
        label: "Practising the note " + note + (comparison ? " (one comparison)" : "") + ".",
        keep: function (n, anchor) { return n.url === note && (!comparison || anchor === comparison); },
        parts: near.length ? near : parts, everywhere: parts, note: note, comparison: comparison, cards: null,
      };
    }
    if (section !== null) {
      var under = parts.filter(function (p) { return p.dir === section || p.dir.indexOf(section + "/") === 0; });
      return {
        label: "Practising the section " + section + ".",
        keep: function (n) { return n.dir === section || n.dir.indexOf(section + "/") === 0; },
        parts: under, cards: sum(under, function (p) { return p.count; }),
      };
    }
    if (tag !== null) {
      var tagged = parts.filter(function (p) { return p.tags[tag]; });
      return {
        label: "Practising the tag #" + tag + ".",
        keep: function (n) { return n.tags.indexOf(tag) >= 0; },
        parts: tagged, cards: sum(tagged, function (p) { return p.tags[tag]; }),
      };
    }
    return {
      label: "Practising the whole course.", keep: function () { return true; },
      parts: parts, cards: sum(parts, function (p) { return p.count; }),
    };
  }

  /* ---- Spaced repetition ---- */

  function toCard(r) {
    return {
      due: new Date(r.due), stability: r.st, difficulty: r.df, elapsed_days: r.el,
      scheduled_days: r.sd, learning_steps: r.ls, reps: r.r, lapses: r.l, state: r.state,
      last_review: r.lr == null ? undefined : new Date(r.lr),
    };
  }

  function toRecord(card, c) {
    return {
      n: card.note.url, s: card.note.dir, due: +new Date(c.due), st: c.stability, df: c.difficulty,
      el: c.elapsed_days, sd: c.scheduled_days, ls: c.learning_steps, r: c.reps, l: c.lapses,
      state: c.state, lr: c.last_review ? +new Date(c.last_review) : null,
    };
  }

  function when(date, now) {
    var minutes = Math.round((+date - now) / 60000);
    if (minutes < 60) return Math.max(minutes, 1) + " min";
    var hours = Math.round(minutes / 60);
    if (hours < 24) return hours + " h";
    var days = Math.round(hours / 24);
    return days + (days === 1 ? " day" : " days");
  }

  /* What is asked, in order: the due cards (the most overdue first), the new ones in course
     order, then those rated Again or Hard in this session. A card is {i, note}, i its number in
     the course. The new ones are found as they are needed, part after part, not listed: the
     first card is shown after reading the stored records, the parts of the folders they name
     and the first part, whatever the size of the course. */
  var due = [], dueAt = 0, ahead = null, aheadDone = false, asking = null, freshLeft = 0, again = [];
  var current = null, shown = false, reviewed = 0;
  var nextFresh = null;

  /* Calls `then` with the card after the current one (null when there is none), not taken. */
  function upcoming(then) {
    if (dueAt < due.length) { then(due[dueAt]); return; }
    if (aheadDone) { then(ahead || again[0] || null); return; }
    if (asking) { asking.push(then); return; }
    asking = [then];
    nextFresh(function (card) {
      ahead = card;
      aheadDone = true;
      var list = asking;
      asking = null;
      list.forEach(function (f) { f(card || again[0] || null); });
    });
  }

  /* Calls `then` with the next card, taken from the queue. */
  function take(then) {
    upcoming(function (card) {
      if (!card) { then(null); return; }
      if (dueAt < due.length) dueAt++;
      else if (ahead) { ahead = null; aheadDone = false; freshLeft--; }
      else again.shift();
      then(card);
    });
  }

  function left() { return due.length - dueAt + freshLeft + again.length; }

  function startReview(scope) {
    var now = Date.now();
    // The parts to read before the first card: those of the folders the stored records name
    // (a record keeps its note's folder), so that the counts are exact, and the first part.
    var folders = {};
    Object.keys(records).forEach(function (id) { folders[records[id].s] = true; });
    var needed = scope.parts.filter(function (p, k) { return k === 0 || folders[p.dir] || scope.note; });
    // Its first card's HTML meanwhile, when no record can be in the way.
    if (!scope.note && scope.parts.length && !folders[scope.parts[0].dir]) withBody(scope.parts[0].first, function () {});
    withParts(needed, function () {
      if (scope.note) {
        var found = noteIn(scope.parts, scope.note);
        if (!found && scope.parts !== scope.everywhere) {
          scope.parts = scope.everywhere;
          withParts(scope.parts, function () { startReview(scope); });
          return;
        }
        scope.parts = found ? [found.part] : [];
        if (found) named(scope, found.title);
      }
      begin(scope, now);
    });
  }

  /* The scope's label, with the title of its note once a file has given it. */
  function named(scope, title) {
    $("review-scope").textContent = "Practising the note " + title + (scope.comparison ? " (one comparison)" : "") + ".";
  }

  function noteIn(list, url) {
    for (var k = 0; k < list.length; k++) {
      var notes = list[k].notes || [];
      for (var j = 0; j < notes.length; j++) if (notes[j].url === url) return notes[j];
    }
    return null;
  }

  function begin(scope, now) {
    var cardKept = function (n, i) { return scope.keep(n, anchorOf(i)); };
    var total = scope.cards;
    if (total === null) {
      total = 0;
      scope.parts.forEach(function (p) {
        p.notes.forEach(function (n) {
          for (var i = n.first; i < n.first + n.count; i++) if (cardKept(n, i)) total++;
        });
      });
    }
    // The stored records that are cards here: each names its note's page, in a part now read.
    var byUrl = {};
    scope.parts.forEach(function (p) {
      (p.notes || []).forEach(function (n) { if (scope.keep(n)) byUrl[n.url] = n; });
    });
    var known = 0, later = null;
    Object.keys(records).forEach(function (id) {
      var r = records[id], n = byUrl[r.n];
      if (!n) return;
      for (var i = n.first; i < n.first + n.count; i++) {
        if (idOf(i) !== id) continue;
        if (!cardKept(n, i)) return;
        known++;
        if (r.due <= now) due.push({ i: i, note: n });
        else if (later === null || r.due < later) later = r.due;
        return;
      }
    });
    due.sort(function (a, b) { return records[idOf(a.i)].due - records[idOf(b.i)].due; });
    freshLeft = total - known;
    // Where the search for new cards stands: part, note in it, card.
    var pk = 0, nj = 0, next = -1;
    nextFresh = function (then) {
      for (; pk < scope.parts.length; pk++, nj = 0) {
        var p = scope.parts[pk];
        if (!p.notes) { withParts([p], function () { nextFresh(then); }); return; }
        for (; nj < p.notes.length; nj++) {
          var n = p.notes[nj];
          if (!scope.keep(n)) continue;
          if (next < n.first) next = n.first;
          for (; next < n.first + n.count; next++) {
            if (!records[idOf(next)] && cardKept(n, next)) { then({ i: next++, note: n }); return; }
          }
        }
      }
      then(null);
    };
    var text = due.length + " due, " + freshLeft + " new.";
    if (problem) text = problem + " " + text;
    if (!left()) {
      finish(later);
      if (problem) say(problem);
      return;
    }
    say(text);
    $("review-show").addEventListener("click", reveal);
    $("review-card").addEventListener("click", function (e) {
      var button = e.target.closest("button[data-rating]");
      if (button) rate(+button.dataset.rating);
    });
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || !current) return;
      var tag = e.target && e.target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      if (!shown && (e.key === " " || e.key === "Enter") && !(tag === "BUTTON" || tag === "A")) {
        e.preventDefault();
        reveal();
      } else if (shown && e.key >= "1" && e.key <= "4") {
        e.preventDefault();
        rate(+e.key);
      }
    });
    show(text);
  }

  /* Shows the next card once its HTML is here, and fetches the one after it meanwhile. */
  function show(before) {
    current = null;
    take(function (card) {
      if (!card) {
        $("review-card").hidden = true;
        finish(null, before);
        return;
      }
      withBody(card.i, function () {
        current = card;
        shown = false;
        var html = body(card.i);
        $("review-count").textContent = "Card " + (reviewed + 1) + ", " + left() + " more after it";
        $("review-front").innerHTML = html[0];
        $("review-back").innerHTML = html[1];
        $("review-back").hidden = true;
        $("review-rate").hidden = true;
        $("review-show").hidden = false;
        $("review-card").hidden = false;
        var source = $("review-source");
        var anchor = anchorOf(card.i);
        source.href = card.note.url + (anchor ? "#" + anchor : "");
        source.textContent = "From " + card.note.title;
        $("review-show").focus();
        say((before ? before + " " : "") + "Question: " + $("review-front").textContent);
        // When the page became usable, in ms since navigation began: bench/review_cdp.js reads it.
        if (!page.dataset.readyMs) {
          page.dataset.readyMs = Math.round(performance.now());
          showAfterCard();
          // The scheduler's first use compiles it: done now, while the student reads, rather
          // than when they ask for the answer.
          window.setTimeout(function () { scheduler.repeat(FSRS.createEmptyCard(new Date()), new Date()); }, 0);
        }
        upcoming(function (after) { if (after) withBody(after.i, function () {}); });
      });
    });
  }

  function reveal() {
    if (!current || shown) return;
    shown = true;
    var now = new Date();
    var r = records[idOf(current.i)];
    var options = scheduler.repeat(r ? toCard(r) : FSRS.createEmptyCard(now), now);
    var buttons = $("review-rate").querySelectorAll("button[data-rating]");
    for (var i = 0; i < buttons.length; i++) {
      var next = options[+buttons[i].dataset.rating].card;
      buttons[i].querySelector(".interval").textContent = "(" + when(next.due, +now) + ")";
    }
    $("review-back").hidden = false;
    $("review-show").hidden = true;
    $("review-rate").hidden = false;
    buttons[2].focus();
    say("Answer: " + $("review-back").textContent + " Rate it from 1, again, to 4, easy.");
  }

  var NAMES = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };

  function rate(rating) {
    if (!current || !shown) return;
    var now = new Date();
    var r = records[idOf(current.i)];
    var next = scheduler.next(r ? toCard(r) : FSRS.createEmptyCard(now), now, rating).card;
    records[idOf(current.i)] = toRecord(current, next);
    var saved = progress.save(store, records);
    reviewed++;
    if (+new Date(next.due) - +now < SOON_MS) again.push(current);
    if (!page.dataset.ratedMs) page.dataset.ratedMs = Math.round(performance.now());
    showAfterPaint();
    var text = NAMES[rating] + ": next review in " + when(next.due, +now) + "." +
      (saved ? "" : " (This browser did not keep it: export your progress.)");
    if (left()) show(text);
    else {
      current = null;
      $("review-card").hidden = true;
      finish(null, text);
    }
  }

  function finish(later, before) {
    var text = reviewed ? "Done for now: " + reviewed + " card" + (reviewed === 1 ? "" : "s") + " reviewed." : "Nothing is due.";
    if (later) text += " The next card is due on " + new Date(later).toLocaleString() + ".";
    say((before ? before + " " : "") + text);
    showAfterPaint();
  }

  /* ---- Quiz ---- */

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = list[i]; list[i] = list[j]; list[j] = t;
    }
    return list;
  }

  function startQuiz(all) {
    showAfterPaint();
    if (!all.length) { say("No multiple-choice questions here: they come from comparisons."); return; }
    var round = shuffle(all.slice()).slice(0, QUIZ_ROUND);
    var at = 0, score = 0, wrong = [], answered = false;
    var box = $("quiz"), choices = $("quiz-choices"), next = $("quiz-next");
    $("quiz-result").hidden = true;
    box.hidden = false;

    function ask() {
      var q = round[at];
      answered = false;
      $("quiz-count").textContent = "Question " + (at + 1) + " of " + round.length;
      $("quiz-prompt").innerHTML = q.prompt;
      $("quiz-feedback").textContent = "";
      next.hidden = true;
      choices.textContent = "";
      q.choices.forEach(function (label, i) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "review-button";
        b.dataset.choice = i;
        b.textContent = label + " ";
        var k = document.createElement("kbd");
        k.textContent = i + 1;
        b.appendChild(k);
        choices.appendChild(b);
      });
      choices.firstChild.focus();
      say("Question " + (at + 1) + ": " + $("quiz-prompt").textContent + " Choices: " + q.choices.join(", ") + ".");
    }

    function choose(i) {
      if (answered) return;
      var q = round[at];
      answered = true;
      var right = i === q.answer;
      if (right) score++;
      else wrong.push(q);
      var buttons = choices.querySelectorAll("button");
      for (var b = 0; b < buttons.length; b++) {
        buttons[b].disabled = true;
        if (b === q.answer) buttons[b].classList.add("right");
        else if (b === i) buttons[b].classList.add("wrong");
      }
      var text = right ? "Right." : "Not quite: it is " + q.choices[q.answer] + ".";
      $("quiz-feedback").textContent = text;
      next.hidden = false;
      next.focus();
      say(text + " Score " + score + " of " + (at + 1) + ".");
    }

    function advance() {
      if (!answered) return;
      at++;
      if (at < round.length) { ask(); return; }
      box.hidden = true;
      $("quiz-result").hidden = false;
      var text = "You scored " + score + " of " + round.length + ".";
      $("quiz-score").textContent = text;
      var list = $("quiz-wrong");
      list.textContent = "";
      wrong.forEach(function (q) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = q.note.url + "#" + q.anchor;
        a.textContent = q.choices[q.answer] + ": read " + q.note.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      $("quiz-score").focus();
      say(text + (wrong.length ? " The notes to read again are listed." : ""));
    }

    choices.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-choice]");
      if (b) choose(+b.dataset.choice);
    });
    next.addEventListener("click", advance);
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || box.hidden) return;
      if (!answered && e.key >= "1" && e.key <= "9" && +e.key <= round[at].choices.length) {
        e.preventDefault();
        choose(+e.key - 1);
      } else if (answered && e.key === "Enter" && e.target !== next) {
        e.preventDefault();
        advance();
      }
    });
    $("quiz-again").addEventListener("click", function (e) {
      e.preventDefault();
      window.location.reload();
    });
    ask();
  }

  /* ---- Export, import, reset ---- */

  $("review-export").addEventListener("click", function () {
    var blob = new Blob([progress.serialize(records)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = store.replace(/[^a-z0-9-]+/gi, "-") + "-progress.json";
    document.body.appendChild(a);
    a.click();
    a.remove();
    say("Progress exported: " + Object.keys(records).length + " cards.");
  });

  $("review-import").addEventListener("change", function () {
    var file = this.files && this.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      var parsed = progress.parse(String(reader.result));
      if (!parsed) { say("That file is not a studysite progress export: nothing was imported."); return; }
      var taken = 0;
      Object.keys(parsed.cards).forEach(function (id) {
        var mine = records[id], theirs = parsed.cards[id];
        if (!mine || (theirs.lr || 0) > (mine.lr || 0)) { records[id] = theirs; taken++; }
      });
      progress.save(store, records);
      say("Imported " + taken + " card" + (taken === 1 ? "" : "s") + " of progress. Reloading.");
      window.setTimeout(function () { window.location.reload(); }, 600);
    };
    reader.readAsText(file);
  });

  $("review-reset").addEventListener("click", function () {
    if (!window.confirm("Forget all your progress on this site, in this browser?")) return;
    records = {};
    progress.save(store, records);
    say("Progress reset.");
    window.setTimeout(function () { window.location.reload(); }, 600);
  });

  if (problem) say(problem);
  /* The page's own copy of the first part, the first cards' HTML and the index, handed over as
     the files would. */
  var held = document.getElementById("review-first");
  if (held) {
    var given = JSON.parse(held.textContent);
    if (given.part) window.studysiteCardPart(0, given.part);
    if (given.bodies) window.studysiteCardBodies(0, given.bodies);
    window.studysiteCards(given.index);
  }
  window.setTimeout(function () {
    if (!data) say("The cards did not load: is cards.js beside this page?");
  }, 3000);
})();
