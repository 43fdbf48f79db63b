/* Study progress, kept in this browser's localStorage under "<store>:progress" (the store key
   is the site's, given by the page: sites opened from disk share one origin). One record per
   card id: the FSRS card state as numbers, and the card's note page (n) and section folder (s)
   so that a note or section page can count what is learned and due without loading the cards.
   Used by review.js (window.studysiteProgress) and, on note pages, to fill in the "due" counts
   of the .study block that src/cards/data.rs describes. Stored or imported data that is not
   ours, or is damaged, is ignored with a message: never a broken page.

   Written as version 2: the notes' pages and folders once, in "notes", and each card as an
   array [note, due, st, df, el, sd, ls, r, l, state, lr], the times (due, lr) in whole minutes
   and stability and difficulty (st, df) to six significant digits: about 100 characters a card
   rather than version 1's 170 (a record object naming its page and times in ms), so that a
   course of 40,000 cards stays under the 5 million characters a browser keeps for a site.
   Version 1, which the page wrote before, is read as well; stored, it is written again as
   version 2 at the next save. */
(function () {
  "use strict";
  var FORMAT = "studysite-progress";
  var ID = /^[0-9a-f]{16}$/;
  var NUMBERS = ["due", "st", "df", "el", "sd", "ls", "r", "l", "state"];

  function valid(r) {
    if (!r || typeof r !== "object" || typeof r.n !== "string" || typeof r.s !== "string") return false;
    for (var i = 0; i < NUMBERS.length; i++) {
      if (typeof r[NUMBERS[i]] !== "number" || !isFinite(r[NUMBERS[i]])) return false;
    }
    return r.lr === null || r.lr === undefined || (typeof r.lr === "number" && isFinite(r.lr));
  }

  /* A version 2 card, [note, due, st, df, el, sd, ls, r, l, state, lr], as a record, or null. */
  function unpack(a, notes) {
    if (!Array.isArray(a) || a.length !== 11) return null;
    var note = notes[a[0]];
    if (!Array.isArray(note)) return null;
    var r = { n: note[0], s: note[1] };
    for (var i = 0; i < NUMBERS.length; i++) r[NUMBERS[i]] = a[i + 1];
    r.due = a[1] * MINUTE;
    r.lr = a[10] === null ? null : a[10] * MINUTE;
    return r;
  }

  /* The records of a progress file's text, or null when it is not one. */
  function parse(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { return null; }
    if (!data || data.format !== FORMAT || !data.cards || typeof data.cards !== "object" ||
        Array.isArray(data.cards)) return null;
    var packed = data.version === 2;
    if (packed && !Array.isArray(data.notes)) return null;
    var cards = {}, dropped = 0;
    Object.keys(data.cards).forEach(function (id) {
      var r = packed ? unpack(data.cards[id], data.notes) : data.cards[id];
      if (ID.test(id) && valid(r)) cards[id] = r;
      else dropped++;
    });
    return { cards: cards, dropped: dropped };
  }

  var MINUTE = 60000;
  function minutes(ms) { return Math.round(ms / MINUTE); }
  function digits(x) { return +x.toPrecision(6); }

  /* Version 2's text of the records. */
  function serialize(cards) {
    var notes = [], number = {}, packed = {};
    Object.keys(cards).forEach(function (id) {
      var r = cards[id], key = r.s + "\n" + r.n;
      if (!(key in number)) { number[key] = notes.length; notes.push([r.n, r.s]); }
      packed[id] = [number[key], minutes(r.due), digits(r.st), digits(r.df), r.el, r.sd, r.ls, r.r, r.l, r.state,
        r.lr == null ? null : minutes(r.lr)];
    });
    return JSON.stringify({ format: FORMAT, version: 2, notes: notes, cards: packed });
  }

  function key(store) { return store + ":progress"; }

  /* {cards, problem}: the stored records, and what to tell the student if they are unusable. */
  function load(store) {
    var text;
    try { text = window.localStorage.getItem(key(store)); } catch (e) {
      return { cards: {}, problem: "This browser does not let the page keep your progress here: export it before you leave." };
    }
    if (text === null) return { cards: {}, problem: null };
    var parsed = parse(text);
    if (!parsed) {
      return { cards: {}, problem: "The progress stored in this browser could not be read, so it is ignored and reviewing starts afresh. Import an export to bring yours back." };
    }
    return {
      cards: parsed.cards,
      problem: parsed.dropped ? parsed.dropped + " stored record(s) could not be read and are ignored." : null,
    };
  }

  function save(store, cards) {
    try { window.localStorage.setItem(key(store), serialize(cards)); return true; } catch (e) { return false; }
  }

  function inSection(record, dir) {
    return dir === "" || record.s === dir || record.s.indexOf(dir + "/") === 0;
  }

  /* Learned (in review, FSRS state 2) and due records among those `keep` accepts. */
  function counts(cards, now, keep) {
    var learned = 0, due = 0;
    Object.keys(cards).forEach(function (id) {
      var r = cards[id];
      if (!keep(r)) return;
      if (r.state === 2) learned++;
      if (r.due <= now) due++;
    });
    return { learned: learned, due: due };
  }

  window.studysiteProgress = { load: load, save: save, parse: parse, serialize: serialize, key: key, counts: counts, inSection: inSection };

  var study = document.querySelector(".study[data-store]");
  if (!study) return;
  var stored = load(study.dataset.store);
  var now = Date.now();
  var note = study.dataset.note;
  var dueLine = study.querySelector(".study-due");
  if (dueLine && !stored.problem) {
    var mine = counts(stored.cards, now, function (r) { return r.n === note; });
    dueLine.textContent = ", " + mine.due + " due";
    dueLine.hidden = false;
  }
  study.querySelectorAll("tr[data-section]").forEach(function (row) {
    var dir = row.getAttribute("data-section");
    var c = counts(stored.cards, now, function (r) { return inSection(r, dir); });
    row.querySelector(".learned").textContent = c.learned;
    row.querySelector(".due").textContent = c.due;
  });
})();
