/* The review page (review.html): spaced repetition of the cards that studysite drew from the
   notes (src/cards/), and multiple-choice quizzes from the comparisons. Loaded only by that
   page, after vendor/ts-fsrs.js (the FSRS scheduler, as Anki uses it) and progress.js (the
   stored progress); cards.js, a classic script so that it loads over file://, then hands the
   cards' index to studysiteCards(), and their HTML comes in as needed from cards/ (see
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

  if (!window.FSRS || !progress) {
    say("The review page could not load its scheduler: is vendor/ts-fsrs.js beside it?");
    return;
  }
  var scheduler = FSRS.fsrs(FSRS.generatorParameters({ enable_fuzz: false, learning_steps: ["10m"] }));
  var store = page.dataset.store;
  var loaded = progress.load(store);
  var records = loaded.cards;
  var problem = loaded.problem;
  var data = null;
  /* The folder of the cards' other files: their HTML, 256 cards a file, loaded as a card is
     about to be shown, and the quiz questions (src/output/cards/bundle.rs). */
  var folder = page.dataset.cards;
  var bodies = {}, waiting = {};
  var notes = [];

  function load(src) {
    var script = document.createElement("script");
    script.src = folder + src;
    script.onerror = function () { say("The cards did not load: is the cards folder beside this page?"); };
    document.head.appendChild(script);
  }

  window.studysiteCardBodies = function (n, list) {
    bodies[n] = list;
    var then = waiting[n] || [];
    delete waiting[n];
    then.forEach(function (f) { f(); });
  };

  /* Calls `then` once card i's HTML is here. */
  function withBody(i, then) {
    var n = Math.floor(i / data.chunk);
    if (bodies[n]) { then(); return; }
    if (!waiting[n]) { waiting[n] = []; load("b-" + n + ".js"); }
    waiting[n].push(then);
  }

  function body(i) { return bodies[Math.floor(i / data.chunk)][i % data.chunk]; }
  /* A card's id: the ids are one string, 16 hex digits each. */
  function idOf(i) { return data.ids.substr(i * 16, 16); }
  function anchorOf(i) { return data.anchors[data.anchor[i]]; }

  window.studysiteCards = function (d) {
    data = d;
    var first = 0;
    notes = d.notes.map(function (n) {
      var note = {
        title: n[0], url: n[1], dir: d.dirs[n[2]], first: first, count: n[4],
        tags: n[3].map(function (t) { return d.tags[t]; }),
      };
      first += n[4];
      return note;
    });
    var scope = chooseScope(notes);
    $("review-scope").textContent = scope.label;
    if (params.get("quiz")) {
      window.studysiteQuiz = function (list) {
        startQuiz(list.map(function (q) {
          return { id: q[0], note: notes[q[1]], anchor: q[2], prompt: q[3], choices: q[4], answer: q[5] };
        }).filter(function (q) { return scope.keep(q.note, q.anchor); }));
      };
      load("quiz.js");
    } else startReview(scope);
  };
  function chooseScope(notes) {
    var note = params.get("note"), section = params.get("section"), tag = params.get("tag");
    var comparison = params.get("comparison");
    var title = function (url) {
      for (var i = 0; i < notes.length; i++) if (notes[i].url === url) return notes[i].title;
      return url;
    };
    if (note !== null) {
      return {
        label: "Practising the note " + title(note) + (comparison ? " (one comparison)" : "") + ".",
        keep: function (n, anchor) { return n.url === note && (!comparison || anchor === comparison); },
      };
    }
    if (section !== null) {
      return {
        label: "Practising the section " + section + ".",
        keep: function (n) { return n.dir === section || n.dir.indexOf(section + "/") === 0; },
      };
    }
    if (tag !== null) {
      return { label: "Practising the tag #" + tag + ".", keep: function (n) { return n.tags.indexOf(tag) >= 0; } };
    }
    return { label: "Practising the whole course.", keep: function () { return true; } };
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
     cards.js. The new ones are found as they are needed, not listed: the first card is shown
     after reading the stored records alone, whatever the size of the course. */
  var due = [], dueAt = 0, fresh = null, ahead = null, freshLeft = 0, again = [];
  var current = null, shown = false, reviewed = 0;

  function take() {
    if (dueAt < due.length) return due[dueAt++];
    var f = ahead || fresh();
    ahead = null;
    if (f) { freshLeft--; return f; }
    return again.shift() || null;
  }

  function peek() {
    if (dueAt < due.length) return due[dueAt];
    if (!ahead) ahead = fresh();
    return ahead || again[0] || null;
  }

  function left() { return due.length - dueAt + freshLeft + again.length; }

  function startReview(scope) {
    var now = Date.now();
    var inScope = notes.filter(function (n) { return scope.keep(n); });
    var cardKept = function (n, i) { return scope.keep(n, anchorOf(i)); };
    var total = 0;
    inScope.forEach(function (n) {
      for (var i = n.first; i < n.first + n.count; i++) if (cardKept(n, i)) total++;
    });
    // The stored records that are cards here: each names its note's page.
    var byUrl = {};
    inScope.forEach(function (n) { byUrl[n.url] = n; });
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
    var at = 0, next = inScope.length ? inScope[0].first : 0;
    fresh = function () {
      for (; at < inScope.length; at++) {
        var n = inScope[at];
        if (next < n.first) next = n.first;
        for (; next < n.first + n.count; next++) {
          if (!records[idOf(next)] && cardKept(n, next)) return { i: next++, note: n };
        }
      }
      return null;
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
    var card = take();
    current = null;
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
      if (!page.dataset.readyMs) page.dataset.readyMs = Math.round(performance.now());
      var after = peek();
      if (after) withBody(after.i, function () {});
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
  window.setTimeout(function () {
    if (!data) say("The cards did not load: is cards.js beside this page?");
  }, 3000);
})();
