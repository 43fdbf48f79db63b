/* Link previews: the title and summary of a linked note, shown on hover or focus, for links to
   notes in the page and in the outline. No page holds them: every note's is in one of PARTS
   files under note-previews/ (output/previews.rs), the one its URL from the site root hashes to,
   loaded by a script tag (so it works from file://) the first time a link to one of its notes is
   pointed at or focused. As WCAG 1.4.13 asks, a preview waits a moment before it shows and
   before it goes (so that a pointer passing by opens nothing, and one moving onto it keeps it;
   the wait also hides the part's loading), stays while the pointer is on it, and Escape
   dismisses it. None inside a comparison while it is being studied: a column header's preview
   would give its answers away (study.js). A classic script; pages work fully without it. */
(function () {
  "use strict";

  var SHOW_AFTER = 300, HIDE_AFTER = 300;
  // As output/previews.rs spreads the notes.
  var PARTS = 64;
  var tip = null, owner = null, timer = null, pending = null;
  var root = document.documentElement.getAttribute("data-root") || "";
  // The previews loaded so far, by note URL; each part's state: loading (the callbacks waiting
  // for it) or loaded (true).
  var notes = Object.create(null), parts = Object.create(null);
  window.studysiteNotePreviews = function (data) {
    Object.keys(data).forEach(function (url) { notes[url] = data[url]; });
  };

  // A link's target as a note URL from the site root (as the parts key them), or null for a
  // link to this page, to an anchor in it or out of the site.
  function siteKey(a) {
    var href = a.getAttribute("href") || "";
    if (!href || href.charAt(0) === "#") return null;
    try {
      var url = new URL(href, location.href), base = new URL(root || "./", location.href);
      if (url.origin !== base.origin || url.pathname === location.pathname || url.pathname.indexOf(base.pathname) !== 0) return null;
      return decodeURIComponent(url.pathname.slice(base.pathname.length));
    } catch (e) { return null; } // not a URL, or not UTF-8 once decoded
  }

  // FNV-1a (32 bits) of the URL's UTF-8 bytes, modulo PARTS: output/previews.rs's part_of.
  function partOf(key) {
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h % PARTS;
  }

  // The preview of a link's note; null for none; undefined while its part loads (then `then`,
  // if given, is called once it has).
  function lookup(a, then) {
    if (a.closest("figure.comparison.studying")) return null;
    var key = siteKey(a);
    if (key === null || !/\.html$/.test(key)) return null; // notes are pages; a file is none
    if (key in notes) return notes[key];
    var part = partOf(key);
    if (parts[part] === true) return null;
    if (!parts[part]) {
      var waiting = parts[part] = [];
      var s = document.createElement("script");
      s.src = root + "note-previews/" + part + ".js";
      s.onload = s.onerror = function () {
        parts[part] = true;
        waiting.forEach(function (f) { f(); });
      };
      document.head.appendChild(s);
    }
    if (then) parts[part].push(then);
    return undefined;
  }

  function later(f, ms) { clearTimeout(timer); timer = setTimeout(f, ms); }

  function show(a) {
    clearTimeout(timer);
    if (owner === a) return;
    var p = lookup(a, function () { if (pending === a) show(a); });
    hide();
    if (p === undefined) pending = a;
    if (!p) return;
    tip = document.createElement("div");
    tip.className = "link-preview";
    tip.setAttribute("role", "tooltip");
    tip.id = "link-preview";
    var title = document.createElement("strong");
    title.textContent = p.title;
    tip.appendChild(title);
    if (p.summary) { var s = document.createElement("span"); s.textContent = p.summary; tip.appendChild(s); }
    // The pointer on the preview keeps it; leaving it lets it go, as leaving the link does.
    tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
    tip.addEventListener("mouseleave", function () { later(hide, HIDE_AFTER); });
    // Inside <main>, so that it is in a landmark (its position is still the page's).
    (document.querySelector("main") || document.body).appendChild(tip);
    var r = a.getBoundingClientRect();
    tip.style.left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8)) + "px";
    tip.style.top = (r.bottom + window.scrollY + 4) + "px";
    owner = a;
    a.setAttribute("aria-describedby", "link-preview");
  }

  function hide() {
    clearTimeout(timer);
    pending = null;
    if (tip) { tip.remove(); tip = null; }
    if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
  }

  var link = function (e) { return e.target.closest("a[href]"); };
  document.querySelectorAll("main, #outline").forEach(function (area) {
    area.addEventListener("mouseover", function (e) {
      var a = link(e);
      // Its part starts loading now, so that it is there when the preview shows.
      if (a && a !== owner) { lookup(a); later(function () { show(a); }, SHOW_AFTER); }
      else if (a) clearTimeout(timer);
    });
    area.addEventListener("mouseout", function (e) {
      var a = link(e);
      if (a && !a.contains(e.relatedTarget)) later(hide, HIDE_AFTER);
    });
    area.addEventListener("focusin", function (e) { var a = link(e); if (a) show(a); });
    area.addEventListener("focusout", function () { hide(); });
  });
  // Escape (site.js) closes a preview before anything else.
  if (window.studysiteEscape) window.studysiteEscape(1, function () { return !!tip; }, hide);
})();
