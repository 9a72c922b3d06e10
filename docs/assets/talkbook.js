/* talkbook reading page behaviour; the page works without it (notes follow their paragraph, markers
   are links). With it: notes sit beside (wide) or open after the sentence (narrow) of their marker,
   markers become toggle buttons, marker and note light each other up, a tap on a term shows its
   definition before following it, and each paragraph's and section's permalink also cites it. */
/* The page's parts a reader sees only on asking (逐字, each translation, each note's body, the changes
   data) wait in the page's parts script (web/page_parts.py), named on this script's own tag
   (data-tb-parts), so the page a phone downloads and parses before its first paint is a fifth of
   its size (issue #28). This script asks for it once the page has painted (at once for another view
   or an anchor); what needs the parts runs through `ready`, in the order it was asked. An element that waits is left empty with data-tb-part="N" and
   is filled the first time it is asked for. A page that keeps its parts inline (an export to another
   engine) has no such element and no data-tb-parts. */
var talkbookPage = (function () {
  "use strict";
  var tag = document.querySelector("script[data-tb-parts]");
  var wanted = tag && tag.getAttribute("data-tb-parts");
  var parts = null, missing = false, queue = [];
  function arrived(loaded) {
    var version = /[?&]v=([0-9a-f]+)/.exec(wanted);
    if (loaded && version && loaded.v === version[1]) parts = loaded.parts;
    else {
      missing = true;
      console.error("talkbook: this page's parts script (" + wanted + ") did not load;" +
                    " the views and the notes' bodies it holds are not available");
    }
    // What waits runs once the page is parsed (after Material has set up its own components on it):
    // an async script may arrive before that, and a view swapped in so early had Material's tooltips
    // set up on its terms beside ours.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", flush);
    else flush();
  }
  function flush() { queue.splice(0).forEach(function (then) { then(); }); }
  if (wanted) {
    var loader = document.createElement("script");
    loader.onload = function () { arrived(window.talkbookPageParts); };
    loader.onerror = function () { arrived(null); };
    loader.src = new URL(wanted, location.href).href;  // beside the page (relative to it, as written)
    // A page opened in its own view is painted before the parts are asked for (the frame after this
    // script's), so its first paint does not share the network with them; a page opened in another
    // view or at an anchor waits for them (unpainted, or to scroll) and asks at once.
    var asked = null;
    try { asked = new URLSearchParams(location.search).get("view") || localStorage.getItem("tb-view"); } catch (error) { /* off */ }
    var ask = function () { document.body.appendChild(loader); };
    if (location.hash || (asked && asked !== "reading")) ask();
    else requestAnimationFrame(function () { setTimeout(ask, 0); });
  }
  var waiting = new Map();  // element -> what runs once it is filled
  function fill(element) {
    // Without the parts (not yet, or not at all) it stays as it is: a note's <noscript> holds its link
    // to the notes page.
    if (!element.hasAttribute("data-tb-part") || !parts) return element;
    var index = Number(element.getAttribute("data-tb-part"));
    element.removeAttribute("data-tb-part");
    if (element.tagName === "SCRIPT" || element.tagName === "NOSCRIPT") element.textContent = parts[index];
    else element.innerHTML = parts[index];  // a <template>'s innerHTML is its content
    (waiting.get(element) || []).forEach(function (then) { then(element); });
    waiting.delete(element);
    return element;
  }
  return {
    get missing() { return missing; },
    get settled() { return !wanted || !!parts || missing; },  // the parts came, failed to, or there are none
    // `then()` once the parts have come (or failed to: see `missing`); now if they have.
    ready: function (then) {
      if (!wanted || parts || missing) then();  // (settled)
      else queue.push(then);
    },
    fill: fill,
    content: function (template) { return fill(template).content; },
    // `then(element)` now if it is filled, else when it is.
    whenFilled: function (element, then) {
      if (!element.hasAttribute("data-tb-part")) return then(element);
      waiting.set(element, (waiting.get(element) || []).concat([then]));
    },
  };
})();

(function () {
  "use strict";
  var notes = Array.prototype.slice.call(document.querySelectorAll("aside.tb-note"));
  var root = document.documentElement;
  root.classList.add("tb-js");
  keepFocusInViewAfterSearch();
  if (!document.querySelector(".tb-block")) return;
  // Set in <head> already where the theme override runs (overrides/main.html); here for any other.
  root.classList.add("tb-margin-notes");

  // Material locks the page's scrolling while its search is open on a phone, and lifts the lock 100 ms
  // after the search closes. A keyboard reader who tabs out of the search box into the page inside
  // those 100 ms (a slow phone: the lock came late too) reaches links the locked page could not scroll
  // to, and nothing scrolls to them once it is lifted (they stayed below the screen's edge). So when
  // the lock is lifted, the focused element is brought into view.
  function keepFocusInViewAfterSearch() {
    if (!window.MutationObserver) return;
    new MutationObserver(function () {
      if (document.body.hasAttribute("data-md-scrolllock")) return;
      var focused = document.activeElement;
      if (!focused || focused === document.body || focused.closest(".md-search")) return;
      var box = focused.getBoundingClientRect();
      if (box.bottom > window.innerHeight || box.top < 0) focused.scrollIntoView({ block: "nearest" });
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
  }

  // Margin notes from Material's widest layout (1220px) up: narrower, a margin beside the text
  // would squeeze it under ~28 characters a line, so notes fold under their line instead.
  var wide = window.matchMedia("screen and (min-width: 76.25em)");
  var printMedia = window.matchMedia("print");
  var printing = false;

  // Markers: the no-JS link becomes a button that controls its note (same id, so back links work);
  // those of the view not shown are converted when it is (swapView).
  function buttonize(within) {
  Array.prototype.forEach.call(within.querySelectorAll("a.tb-marker"), function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.id = link.id;
    button.className = link.className;
    button.textContent = link.textContent;
    button.setAttribute("aria-label", link.getAttribute("aria-label"));
    button.setAttribute("aria-controls", link.getAttribute("href").slice(1));
    button.setAttribute("aria-expanded", "false");
    link.replaceWith(button);
  });
  }
  buttonize(document);

  var blockOf = new Map();  // note -> its paragraph block, to put it back for print
  notes.forEach(function (note) {
    blockOf.set(note, note.parentNode);
    // The note now follows its marker in reading order, so its "back to the text" number need not
    // be a second tab stop for each note (it still works with a pointer).
    var back = note.querySelector(".tb-note-num");
    if (back) back.tabIndex = -1;
  });

  // Each note's markers in the page, in page order: looked up once for all notes (a query per note
  // and per call walked the whole page some 400 times as it loaded), again after the views change.
  var markerIndex = null;
  function markersOf(id) {
    if (!markerIndex) {
      markerIndex = new Map();
      Array.prototype.forEach.call(document.querySelectorAll(".tb-marker[aria-controls]"), function (marker) {
        var key = marker.getAttribute("aria-controls");
        if (!markerIndex.has(key)) markerIndex.set(key, []);
        markerIndex.get(key).push(marker);
      });
    }
    return markerIndex.get(id) || [];
  }
  // A note's home is its first marker in the view shown (通读 or 逐字; see "the two views" below).
  // Side by side (对照), a note's home is its marker in the translation, the column next to the margin.
  function homeOf(note) {
    var shown = markersOf(note.id).filter(inView);
    var translated = shown.filter(function (marker) { return marker.closest(".tb-tpara, .tb-unit--tr"); });
    return (root.hasAttribute("data-tb-parallel") && translated[0]) || shown[0];
  }
  function isOpen(note) { return note.classList.contains("tb-open"); }

  // What a closed note does not show (its body, terms, sources, edit link) waits in a <noscript>
  // (talk.html): read as text while scripts run, it is parsed the first time the note opens.
  function fill(note) {
    var more = note.querySelector(":scope > noscript.tb-note-more");
    if (!more) return;
    var parsed = document.createElement("template");
    parsed.innerHTML = talkbookPage.fill(more).textContent;
    speakTranslation(parsed.content);
    more.replaceWith(parsed.content);
  }
  // A note of a translated talk holds its own words (.tb-note-own) and each translation's
  // (.tb-note-tr[data-view]): the view shown says which are read (see "the views" below).
  // 对照 shows both.
  // Each note's head in each translation waits in that translation's <template class="tb-tr-words">
  // (talk.html) until a translation's view is first shown: then it moves under the note's own head.
  function unpackTranslations() {
    Array.prototype.forEach.call(document.querySelectorAll("template.tb-tr-words"), function (words) {
      Array.prototype.forEach.call(talkbookPage.content(words).querySelectorAll(".tb-note-tr[data-note]"), function (part) {
        var head = document.getElementById(part.getAttribute("data-note") + "-h");
        if (head) head.after(part);
      });
    });
  }
  function speakTranslation(scope) {
    var shown = root.getAttribute("data-tb-translated");
    var both = root.hasAttribute("data-tb-parallel");
    // A note is named in the language it is read in (its own name back in the other views).
    if (scope === document) notes.forEach(function (note) {
      var own = note.getAttribute("data-tb-own-name") || note.getAttribute("aria-label");
      note.setAttribute("data-tb-own-name", own);
      var part = shown && !both && note.querySelector(':scope > .tb-note-tr[data-view="' + shown + '"][data-name]');
      note.setAttribute("aria-label", part ? part.getAttribute("data-name") : own);
      if (part) note.setAttribute("lang", part.getAttribute("lang"));  // the name is read in its language
      else note.removeAttribute("lang");
    });
    Array.prototype.forEach.call(scope.querySelectorAll(".tb-note-tr"), function (part) {
      part.hidden = part.getAttribute("data-view") !== shown;
    });
    Array.prototype.forEach.call(scope.querySelectorAll(".tb-note-own"), function (part) { part.hidden = !!shown && !both; });
  }

  var lastOpened = null;  // what Escape closes when focus is neither in a note nor on a marker
  function setOpen(note, open) {
    // Its body is in the page's parts: it opens once they are here.
    if (open && !talkbookPage.settled) return talkbookPage.ready(function () { setOpen(note, true); });
    if (open) fill(note);
    if (open) lastOpened = note;
    else if (lastOpened === note) lastOpened = null;
    note.classList.toggle("tb-open", open);
    markersOf(note.id).forEach(function (marker) {
      if (marker.getAttribute("aria-expanded") !== String(open)) marker.setAttribute("aria-expanded", String(open));
    });
  }

  // A note lives inside its marker's paragraph. Beside the text (margin) it follows the marker's
  // <sup>: a float there starts on the marker's line (see talkbook.css). Folded, it follows the end
  // of the sentence holding the marker, as a block: the text breaks there, never inside a word, as
  // it would at the end of a line (Chinese lines may end between any two characters). For print it
  // goes back after the paragraph, as in the HTML.
  var placedFor = new Map();  // note -> the marker it was last placed for
  function placeAfter(note, marker) {
    placedFor.set(note, marker);
    var spot = root.getAttribute("data-tb-layout") === "fold" ? sentenceEnd(marker.parentNode, note) : marker.parentNode;
    if (note.previousSibling !== spot) spot.after(note);
  }

  // Where a sentence ends: its closing punctuation (and closing quotes); in the unpunctuated
  // verbatim, a space between words (the recogniser's pause) too, but not one inside a term or a
  // correction ("stability AI", "DALL·E 2").
  var SENTENCE_END = /[。！？；…!?;]+[”’」』）)"']*|\.(?=\s|$)[”’"')]*/;
  var PAUSE = /[。！？；…!?;]+[”’」』）)"']*|\.(?=\s|$)[”’"')]*|\s+/;
  // The node after which the sentence holding `sup` ends (its paragraph's child, a text node split
  // there if need be), past any markers right after it; the paragraph's last words if it never ends.
  function sentenceEnd(sup, note) {
    var paragraph = sup.closest(".tb-unit, .tb-para");  // 对照 on a phone: the sentence ends in its unit
    var punctuated = paragraph.matches(".tb-unit, .tb-rpara, .tb-tpara");
    var pattern = punctuated ? SENTENCE_END : PAUSE;
    var at = sup;
    while (at.parentNode !== paragraph) at = at.parentNode;
    var last = at;
    for (var node = at.nextSibling; node; node = node.nextSibling) {
      if (node === note || (node.classList && node.classList.contains("tb-note"))) continue;
      if (node.classList && (node.classList.contains("tb-plink") || node.classList.contains("tb-suggest"))) break;
      var found = (node.nodeType === Node.TEXT_NODE ? pattern : SENTENCE_END).exec(node.textContent);
      last = node;
      if (!found) continue;
      var end = found.index + found[0].length;
      if (node.nodeType === Node.TEXT_NODE && end < node.data.length) node.splitText(end);
      break;
    }
    while (last.nextSibling && last.nextSibling.classList && last.nextSibling.classList.contains("tb-ref")) {
      last = last.nextSibling;
    }
    return last;
  }

  function goHome(note) {
    if (note.parentNode !== blockOf.get(note)) blockOf.get(note).appendChild(note);
  }
  // Folded, a closed note is not shown: it waits in its block and is placed when it opens (toggle,
  // openTarget), so the page does not move every note in the DOM as it loads (issue #28).
  function layout() {
    var mode = printing || printMedia.matches ? "print" : wide.matches ? "margin" : "fold";
    if (root.getAttribute("data-tb-layout") !== mode) root.setAttribute("data-tb-layout", mode);
    notes.forEach(function (note) {
      var home = mode === "margin" && homeOf(note);
      if (home) placeAfter(note, home);
      else if (mode === "print") blockOf.get(note).appendChild(note);  // each block's notes in their order
      else goHome(note);
      setOpen(note, mode === "print");
    });
  }

  function toggle(marker) {
    var note = document.getElementById(marker.getAttribute("aria-controls"));
    if (!note) return;
    // A note anchored in several places opens under whichever marker was pressed.
    var open = placedFor.get(note) !== marker || !isOpen(note);
    placeAfter(note, open ? marker : homeOf(note));
    setOpen(note, open);
  }

  // ---- lighting up: marker <-> note <-> annotated words ----------------------------------------
  function noteIds(element) {
    var part = element && element.closest && element.closest(".tb-marker, .tb-note, .tb-fix, .tb-rfix, .tb-quote");
    if (!part) return [];
    if (part.classList.contains("tb-note")) return [part.id];
    if (part.classList.contains("tb-marker")) return [part.getAttribute("aria-controls")];
    if (part.classList.contains("tb-fix") || part.classList.contains("tb-rfix")) return [part.getAttribute("data-note")];
    return part.getAttribute("data-notes").split(" ").map(function (id) { return "n-" + id; });
  }

  var lit = { pointer: "", focus: "" };
  function light(source, ids) {
    var key = ids.join(" ");
    if (lit[source] === key) return;
    lit[source] = key;
    Array.prototype.forEach.call(document.querySelectorAll(".tb-lit"), function (e) { e.classList.remove("tb-lit"); });
    (lit.pointer + " " + lit.focus).split(" ").filter(Boolean).forEach(function (id) {
      var raw = id.slice(2);
      var parts = [document.getElementById(id)].concat(
        markersOf(id),
        Array.prototype.slice.call(document.querySelectorAll('.tb-fix[data-note="' + id + '"]')),
        Array.prototype.slice.call(document.querySelectorAll('.tb-quote[data-notes~="' + raw + '"]')));
      parts.forEach(function (e) { if (e) e.classList.add("tb-lit"); });
    });
  }
  document.addEventListener("mouseover", function (event) { light("pointer", noteIds(event.target)); });
  document.addEventListener("focusin", function (event) { light("focus", noteIds(event.target)); });
  document.addEventListener("focusout", function (event) { light("focus", noteIds(event.relatedTarget)); });

  // ---- taps on term links: the first shows the definition (Material's tooltip opens on focus) ---
  var touch = false, armed = null;
  document.addEventListener("pointerdown", function (event) { touch = event.pointerType !== "mouse"; }, true);
  document.addEventListener("keydown", function () { touch = false; }, true);
  document.addEventListener("focusout", function (event) { if (event.target === armed) armed = null; });

  document.addEventListener("click", function (event) {
    // A note's press waits in line with what waits for the parts (an anchor followed, a view asked
    // for), so what a reader did before they came is done in the order it was done.
    var marker = event.target.closest("button.tb-marker");
    if (marker) return talkbookPage.ready(function () { toggle(marker); });
    var term = event.target.closest("a.tb-term");
    if (term && touch && armed !== term) {
      event.preventDefault();
      armed = term;
      term.focus();
      return;
    }
    var permalink = event.target.closest(".tb-plink, h2[id] > .headerlink");
    if (permalink && event.button === 0 && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) {
      event.preventDefault();
      return citeFrom(permalink);
    }
    // Mouse users may open a closed margin note by clicking it (the marker is the keyboard way).
    var note = event.target.closest(".tb-note");
    if (note && !event.target.closest("a, button")) talkbookPage.ready(function () {
      if (!isOpen(note) && homeOf(note)) toggle(homeOf(note));
    });
  });

  // ---- citations ----------------------------------------------------------------------------------
  var box = document.createElement("div");
  box.className = "tb-cite-box";
  box.id = "tb-cite";
  box.hidden = true;
  box.innerHTML = '<p class="tb-cite-text"></p><p class="tb-cite-state" role="status"></p>';
  var openCite = null;
  document.querySelector(".md-content__inner, article").appendChild(box);

  function textOf(heading) {
    var copy = heading.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (e) { e.remove(); });
    return copy.textContent.trim();
  }
  function sectionOf(element) {
    for (var e = element; e; e = e.previousElementSibling) if (e.tagName === "H2") return e;
    return null;
  }
  function citation(target) {
    var title = textOf(document.querySelector(".md-content h1"));
    var url = location.href.split("#")[0] + "#" + target.id;
    if ((root.getAttribute("data-tb-view") || "").indexOf("en") === 0) {  // the English view cites in English
      if (target.tagName === "H2") return "“" + title + "”, “" + textOf(target) + ".” " + url;
      var heading = sectionOf(target);
      return "“" + title + "”, " + (heading ? "“" + textOf(heading) + ",” " : "") + "paragraph " +
        target.getAttribute("data-paragraph") + ". " + url;
    }
    if (target.tagName === "H2") return "《" + title + "》，“" + textOf(target) + "”。" + url;
    var section = sectionOf(target);
    var number = "第 " + target.getAttribute("data-paragraph") + " 段";
    var where = (section ? "“" + textOf(section) + "”，" : "") + number;
    return "《" + title + "》，" + where + "。" + url;
  }
  window.tbCitation = citation;  // the same line when a selection is copied (talkbook-copy.js)

  function closeCite(refocus) {
    if (!openCite) return;
    var button = openCite;
    openCite = null;
    button.setAttribute("aria-expanded", "false");
    box.hidden = true;
    if (refocus) button.focus();
  }

  // The permalink (¶) of a paragraph or section is also its "cite" action: the address bar gets the
  // permalink without a jump, and the citation is copied and shown under the paragraph or heading.
  function citeFrom(link) {
    if (openCite === link) return closeCite(false);
    closeCite(false);
    var target = link.closest(".tb-block, h2");
    var text = citation(target);
    history.replaceState(null, "", "#" + target.id);
    box.querySelector(".tb-cite-text").textContent = text;
    var state = box.querySelector(".tb-cite-state");
    state.textContent = "";
    (target.tagName === "H2" ? target : target.querySelector(".tb-para")).after(box);
    box.hidden = false;
    link.setAttribute("aria-expanded", "true");
    openCite = link;
    var done = function () { state.textContent = "引用已复制到剪贴板"; };
    var manual = function () {
      state.textContent = "请手动复制（已选中）";
      window.getSelection().selectAllChildren(box.querySelector(".tb-cite-text"));
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, manual);
    else manual();
  }

  var permalinks = document.querySelectorAll(".tb-block .tb-plink, .md-content h2[id] > .headerlink");
  Array.prototype.forEach.call(permalinks, function (link) {
    link.setAttribute("title", "复制链接与引用");
    link.setAttribute("aria-controls", "tb-cite");
    link.setAttribute("aria-expanded", "false");
  });

  // Escape closes what was opened last: the citation, else the folded note or the marker's note.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (openCite) return closeCite(true);
    var focused = document.activeElement || document.body;
    talkbookPage.ready(function () { closeLast(focused); });
  });
  function closeLast(focused) {
    var note = focused.closest(".tb-note.tb-open");
    var marker = focused.closest("button.tb-marker[aria-expanded=true]");
    if (note && root.getAttribute("data-tb-layout") === "fold") { setOpen(note, false); homeOf(note).focus(); }
    else if (marker) toggle(marker);
    else if (lastOpened && isOpen(lastOpened) && root.getAttribute("data-tb-layout") !== "print") {
      if (homeOf(lastOpened)) toggle(homeOf(lastOpened));  // from wherever focus is
      else setOpen(lastOpened, false);
    }
  }

  // A link to a note (from a term page, "另见", a shared URL) opens it, folded or not.
  function openTarget() {
    var wanted = location.hash && decodeURIComponent(location.hash.slice(1));
    var target = wanted && document.getElementById(wanted);
    // A search result in a translation (render.py: <section>--<lang>, n-<note>--<lang>): that view, there.
    var inTranslation = !target && wanted && /^(.+)--([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)$/.exec(wanted);
    if (inTranslation && translations().indexOf(inTranslation[2]) >= 0 && document.getElementById(inTranslation[1])) {
      setView(inTranslation[2], false);
      wanted = inTranslation[1];
      target = document.getElementById(wanted);
    }
    if (wanted && !target) {
      // In the view not shown: its marker's twin in this one (r-… in 逐字, rd-… in 通读, the note's
      // marker in a translation's view), else that view.
      var twinOf = wanted.indexOf("rd-") === 0 ? "r-" + wanted.slice(3) : wanted.indexOf("r-") === 0 ? "rd-" + wanted.slice(2) : "";
      // (find stops at the first: the templates after it stay unfilled)
      var waiting = Array.prototype.find.call(document.querySelectorAll("template.tb-alt, template.tb-tr"), function (t) {
        return talkbookPage.content(t).getElementById(wanted);
      });
      if (waiting) {
        var found = waiting.content.getElementById(wanted);
        target = (twinOf && document.getElementById(twinOf)) || markerTwin(found);
        if (!target || !inView(target)) {
          setView(waiting.classList.contains("tb-tr") ? waiting.getAttribute("data-view") :
                  found.closest(".tb-rpara") ? "reading" : "verbatim", false);
          target = document.getElementById(wanted);
        }
      }
    }
    if (target && !inView(target)) {
      // A marker's twin in the view shown (r-… in 逐字, rd-… in 通读), else the view that has it.
      var id = target.id;
      var twinId = id.indexOf("rd-") === 0 ? "r-" + id.slice(3) : id.indexOf("r-") === 0 ? "rd-" + id.slice(2) : "";
      var twin = (twinId && document.getElementById(twinId)) || markerTwin(target);
      if (twin && inView(twin)) target = twin;
      else setView(viewOf(target.closest(".tb-para")), false);
    }
    if (target && target.classList.contains("tb-note") && homeOf(target)) {
      placeAfter(target, homeOf(target));
      setOpen(target, true);
    }
    if (target) target.scrollIntoView();
  }

  // ---- the two views: 通读 (the reading text) and 逐字 (the verbatim) ------------------------------
  // Talks with a reading text carry 通读 in each paragraph block and 逐字 in a <template> beside it
  // (talk.html): the view not shown has no elements until it is asked for, and the two swap places.
  // html[data-tb-view] says which one shows. The choice comes from the URL (?view=, so a shared
  // link opens the same view), else from the reader's last choice (localStorage), else 通读; every
  // switch writes both.
  // A marker's twin in the view shown: the first marker of the same note there (translations number
  // every note once, at the end of the unit that carries its quote).
  function markerTwin(element) {
    var marker = element && element.closest && element.closest(".tb-marker");
    var href = marker && (marker.getAttribute("href") || "#" + marker.getAttribute("aria-controls"));
    var note = href && document.getElementById(href.slice(1));
    return note && note.classList.contains("tb-note") ? homeOf(note) : null;
  }
  function viewOf(paragraph) {
    if (paragraph.classList.contains("tb-tpara")) return paragraph.getAttribute("lang");
    return paragraph.classList.contains("tb-rpara") ? "reading" : "verbatim";
  }
  // A translation's view (issue #29) shows 通读's blocks with each reading paragraph replaced by its
  // translation, which waits in the block's <template class="tb-tr" data-view="<lang>"> until asked for.
  // 对照 (view "parallel") shows 通读 and its pair (the button's data-pair): each reading paragraph with
  // its translation after it, side by side on wide screens (talkbook.css).
  function translations() {
    return Array.prototype.map.call(document.querySelectorAll(".tb-view-button"), function (button) {
      return button.getAttribute("data-view");
    }).filter(function (view) { return view !== "reading" && view !== "verbatim"; });
  }
  function translationOf(view) {
    var button = view === "parallel" && document.querySelector('.tb-view-button[data-view="parallel"]');
    return button ? button.getAttribute("data-pair") : translations().indexOf(view) >= 0 ? view : "";
  }
  function showTranslation(block, view) {
    var shown = block.querySelectorAll(":scope > .tb-tpara");
    if (shown.length && shown[0].getAttribute("lang") === view) return false;
    Array.prototype.forEach.call(shown, function (paragraph) {
      block.querySelector(':scope > template.tb-tr[data-view="' + paragraph.getAttribute("lang") + '"]')
        .content.appendChild(paragraph);  // (filled: the paragraph came from it)
    });
    var waiting = view && block.querySelector(':scope > template.tb-tr[data-view="' + view + '"]');
    if (!waiting) return shown.length > 0;
    buttonize(talkbookPage.content(waiting));
    // each after its reading paragraph (one each: translation_view.py), for 对照's rows
    var readings = block.querySelectorAll(":scope > .tb-rpara");
    Array.prototype.slice.call(waiting.content.children).forEach(function (paragraph, index) {
      readings[Math.min(index, readings.length - 1)].after(paragraph);
    });
    return true;
  }
  // 对照 on a phone, unit by unit: side by side from 60em (talkbook.css); narrower, each unit of the
  // reading (a line of reading.md) is followed by its translation, when both paragraphs say where their
  // units start (data-tb-units, web/reading_view.py) and have as many; else the translation follows its
  // paragraph whole. The units are wrapped only while shown so (no element is added to other views).
  var sideBySide = window.matchMedia("screen and (min-width: 60em)");
  var WORDS = ".tb-term, .tb-rfix, .tb-insert";  // the elements whose text is the paragraph's words
  function unitsOf(paragraph) {
    // The paragraph's child nodes by unit: a node goes to the unit its words start in (a text node is
    // split where a unit starts inside it); a node without words (speaker, marker, ¶) stays with the
    // unit before it, so a marker stays after the words it follows.
    var attribute = paragraph.getAttribute("data-tb-units");
    if (!attribute) return null;
    var starts = attribute.split(" ").map(Number), length = starts.pop();
    var units = [[]], at = 0;
    Array.prototype.slice.call(paragraph.childNodes).forEach(function (node) {
      var words = node.nodeType === Node.TEXT_NODE ? node.data.length :
        node.nodeType === Node.ELEMENT_NODE && node.matches(WORDS) ? node.textContent.length : 0;
      while (words) {
        var next = starts[units.length - 1];
        if (next !== undefined && next <= at) { units.push([]); continue; }
        if (next !== undefined && next < at + words && node.nodeType === Node.TEXT_NODE) {
          var rest = node.splitText(next - at);
          units[units.length - 1].push(node);
          words -= next - at;
          at = next;
          node = rest;
          continue;
        }
        break;  // the node's words are all in this unit (a link a unit starts inside stays whole)
      }
      units[units.length - 1].push(node);
      at += words;
    });
    return units.length === starts.length + 1 && at === length ? units : null;
  }
  function pairUnits(block) {
    Array.prototype.forEach.call(block.querySelectorAll(":scope > .tb-rpara"), function (reading) {
      var translated = reading.nextElementSibling;
      if (!translated || !translated.classList.contains("tb-tpara")) return;
      var ours = unitsOf(reading), theirs = unitsOf(translated);
      if (!ours || !theirs || ours.length !== theirs.length) {
        reading.normalize(), translated.normalize();
        return;
      }
      ours.forEach(function (nodes, index) {
        var unit = document.createElement("span"), twin = document.createElement("span");
        unit.className = "tb-unit";
        twin.className = "tb-unit tb-unit--tr";
        twin.setAttribute("lang", translated.getAttribute("lang"));
        nodes.forEach(function (node) { unit.appendChild(node); });
        theirs[index].forEach(function (node) { twin.appendChild(node); });
        reading.appendChild(unit);
        reading.appendChild(twin);
      });
      translated.hidden = true;
    });
  }
  function unpairUnits(block) {
    Array.prototype.forEach.call(block.querySelectorAll(":scope > .tb-rpara:has(> .tb-unit)"), function (reading) {
      var translated = reading.nextElementSibling;
      Array.prototype.slice.call(reading.querySelectorAll(":scope > .tb-unit")).forEach(function (unit) {
        var into = unit.classList.contains("tb-unit--tr") ? translated : reading;
        while (unit.firstChild) into.appendChild(unit.firstChild);
        unit.remove();
      });
      reading.normalize();
      translated.normalize();
      translated.hidden = false;
    });
  }
  function unitByUnit(allowed) {  // allowed false: take every pair apart (before the views change)
    var phone = allowed !== false && root.hasAttribute("data-tb-parallel") && !sideBySide.matches && !printing &&
      !printMedia.matches;
    Array.prototype.forEach.call(document.querySelectorAll(".tb-block--reading"), function (block) {
      unpairUnits(block);
      if (phone) pairUnits(block);
    });
  }

  // The page's title, its section headings and their summaries in a translation's words, from its
  // <template class="tb-tr-words"> (talk.html translated_words); back to their own in any other view.
  var ownWords = new Map();  // element -> [its HTML, its lang] before a translation's words replaced them
  function retitle(language) {
    ownWords.forEach(function (own, element) {
      element.innerHTML = own[0];
      if (own[1] === null) element.removeAttribute("lang"); else element.setAttribute("lang", own[1]);
    });
    ownWords.clear();
    var words = language && document.querySelector('template.tb-tr-words[data-view="' + language + '"]');
    if (!words) return;
    Array.prototype.forEach.call(talkbookPage.content(words).querySelectorAll("[data-for]"), function (source) {
      var id = source.getAttribute("data-for");
      var element = id ? document.getElementById(id) : document.querySelector(".md-content h1");
      if (!element) return;
      ownWords.set(element, [element.innerHTML, element.getAttribute("lang")]);
      var link = element.querySelector(":scope > .headerlink");  // a heading keeps its permalink
      element.innerHTML = source.innerHTML;
      if (link) element.appendChild(document.createTextNode(" ")), element.appendChild(link);
      element.setAttribute("lang", language);
    });
  }
  function swapView(block, view) {
    var waiting = block.querySelector(":scope > template.tb-alt");
    var shown = Array.prototype.filter.call(block.children, function (child) {
      return child.classList.contains("tb-para");
    });
    if (!waiting || !shown.length || shown[0].classList.contains("tb-rpara") === (view !== "verbatim")) return false;
    var incoming = talkbookPage.content(waiting);
    buttonize(incoming);
    shown[0].before(incoming);  // moves the paragraphs out of the template
    shown.forEach(function (paragraph) { waiting.content.appendChild(paragraph); });
    return true;
  }
  function inView(element) {
    var paragraph = element.closest(".tb-para");  // notes, permalinks and headings are in every view
    if (!paragraph || !element.closest(".tb-block--reading")) return true;
    var view = root.getAttribute("data-tb-view");
    if (paragraph.classList.contains("tb-tpara")) return paragraph.getAttribute("lang") === root.getAttribute("data-tb-translated");
    if (view === "parallel") return paragraph.classList.contains("tb-rpara");
    if (root.hasAttribute("data-tb-translated")) return false;  // 通读 stays, hidden (talkbook.css)
    return paragraph.classList.contains("tb-rpara") === (view !== "verbatim");
  }

  function storedView() {
    try { return localStorage.getItem("tb-view"); } catch (error) { return null; }  // storage may be off
  }

  function setView(view, remember) {
    // Without the page's parts only its own view has words: a translation's anchor (#…--en) asks too.
    if (talkbookPage.missing) view = "reading";
    markerIndex = null;  // the markers shown change with the view
    var translated = translationOf(view);
    root.setAttribute("data-tb-view", view);
    if (translated) root.setAttribute("data-tb-translated", translated);
    else root.removeAttribute("data-tb-translated");
    if (view === "parallel") root.setAttribute("data-tb-parallel", "");
    else root.removeAttribute("data-tb-parallel");
    // Notes go home to their block before the paragraphs they sit in change places (layout() below
    // places them again, in the view shown).
    notes.forEach(goHome);
    unitByUnit(false);
    var swapped = Array.prototype.filter.call(document.querySelectorAll(".tb-block--reading"), function (block) {
      var moved = swapView(block, translated ? "reading" : view);
      return showTranslation(block, translated) || moved;
    });
    if (translated) unpackTranslations();
    unitByUnit();
    markerIndex = null;
    speakTranslation(document);
    retitle(translated && view !== "parallel" ? translated : "");
    if (swapped.length) document.dispatchEvent(new CustomEvent("tb-shown", { detail: swapped }));
    Array.prototype.forEach.call(document.querySelectorAll(".tb-view-button"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-view") === view));
    });
    if (remember) {
      try { localStorage.setItem("tb-view", view); } catch (error) { /* the URL still says it */ }
    }
    if (document.querySelector(".tb-view")) {
      var url = new URL(location.href);
      url.searchParams.set("view", view);
      history.replaceState(history.state, "", url.href);
    }
    layout();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".tb-view-button");
    if (button) talkbookPage.ready(function () { setView(button.getAttribute("data-view"), true); });
  });

  // The 简/繁 switch (web/templates/talk.html script_switch): each script is a page of its own; the
  // other page opens in the same view and at the same place, and the choice is remembered
  // (overrides/main.html opens the remembered page before the first paint).
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".tb-script-link");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var script = link.getAttribute("data-script");
    try { localStorage.setItem("tb-script", script); } catch (error) { /* ?script= still says it */ }
    var target = new URL(link.href), here = new URL(location.href);
    here.searchParams.forEach(function (value, key) { if (key !== "script") target.searchParams.set(key, value); });
    target.hash = here.hash;
    event.preventDefault();
    location.href = target.href;
  });

  // Without the page's parts (their script did not load) only the view the page itself carries shows.
  talkbookPage.ready(function () {
    if (talkbookPage.missing) Array.prototype.forEach.call(document.querySelectorAll(".tb-view-button"), function (button) {
      button.disabled = button.getAttribute("data-view") !== "reading";
    });
  });
  var asked = new URLSearchParams(location.search).get("view") || storedView();
  var first = asked === "verbatim" || translationOf(asked) ? asked : "reading";
  // 通读 is the page's own view: laid out now. Another waits, unpainted (overrides/main.html), for the
  // parts that hold it (setView keeps 通读 if they are missing).
  function start() {
    root.setAttribute("data-tb-view", first);
    // setView lays out; a page without the switch (no reading text) is laid out here.
    if (document.querySelector(".tb-view")) setView(first, false);
    else layout();
    root.classList.remove("tb-view-pending");  // the view asked for is laid out: show it
  }
  if (first === "reading") start();
  else {
    root.classList.add("tb-view-pending");
    talkbookPage.ready(start);
  }

  // ---- layout again whenever the screen or print state changes ------------------------------------
  // (the browser scrolled before notes moved and folded; a target may be in a view the parts hold)
  if (location.hash) talkbookPage.ready(openTarget);
  window.addEventListener("hashchange", function () { talkbookPage.ready(openTarget); });
  wide.addEventListener("change", layout);
  function relayUnits() {  // notes go home before the paragraphs they sit in are taken apart
    notes.forEach(goHome);
    unitByUnit();
    layout();
  }
  sideBySide.addEventListener("change", relayUnits);
  printMedia.addEventListener("change", relayUnits);
  window.addEventListener("beforeprint", function () { printing = true; relayUnits(); });
  window.addEventListener("afterprint", function () { printing = false; relayUnits(); });
})();

/* The talk map (talkmap_svg.py). Without JavaScript it shows section numbers that fit a 390 px
   screen; with it, each section's label is as much of its title as fits the width shown (the full
   title stays in the tooltip), and an indicator follows the reading position as the page scrolls. */
(function () {
  "use strict";
  var map = document.querySelector("nav.tb-map");
  if (!map) return;
  var svg = map.querySelector(".tb-map-svg");
  var here = map.querySelector(".tb-map-here");
  var length = parseInt(map.getAttribute("data-length"), 10) || 1;
  var sections = Array.prototype.slice.call(map.querySelectorAll(".tb-map-section"));

  // Labels sit centred in their own segment, so a label that fits its segment overlaps no other. A
  // label is the whole title or the number alone: a title cut short ("2 没有人靠卖模…") read as
  // neither, and did not match the link's name (the number and the whole title).
  // Text is measured on a canvas in the labels' font, each segment's room worked out from its share of
  // the band's width, and the width comes from a ResizeObserver, which reports it after the browser's
  // own layout: measuring in the page (getComputedTextLength, getBoundingClientRect) laid the whole
  // page out again, up to 2 s of main thread on a throttled run (issue #28).
  // Measuring a Chinese title costs about 10 ms on a slow phone, so each text is measured once, and
  // one label is fitted per task: a dozen labels never make one long task (issue #28, blocking time).
  var measure = document.createElement("canvas").getContext("2d");
  var widths = new Map();
  function widthOf(text) {
    if (!widths.has(text)) widths.set(text, measure.measureText(text).width);
    return widths.get(text);
  }
  var fitting = null;  // the run under way: a new width starts another
  function fitLabels(width) {
    var labels = sections.map(function (link) { return link.querySelector(".tb-map-label"); });
    if (!labels.length || !width) return;
    var style = getComputedStyle(labels[0]);
    measure.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
    var run = fitting = {}, index = 0;
    svg.removeAttribute("data-ready");
    (function next() {
      if (fitting !== run) return;
      if (index >= labels.length) return svg.setAttribute("data-ready", "true");  // every label fitted
      var label = labels[index];
      var room = parseFloat(sections[index].querySelector(".tb-map-seg").getAttribute("width")) / 100 * width - 8;
      var number = label.getAttribute("data-number");
      var fits = [number + " " + label.getAttribute("data-title"), number, ""].filter(function (text) {
        return widthOf(text) <= room;
      })[0];
      if (label.textContent !== fits) label.textContent = fits;
      index += 1;
      setTimeout(next, 0);
    })();
  }

  // Paragraph blocks carry their transcript offset in their id ("p" + start, structure.py).
  var blocks = Array.prototype.slice.call(document.querySelectorAll(".tb-block[id^='p']"))
    .map(function (block) { return { element: block, start: parseInt(block.id.slice(1), 10) }; })
    .filter(function (b) { return !isNaN(b.start); });

  // The reading line: just under the band where it sticks (from 60em), else under the header (on a
  // phone the band scrolls away with the page's head).
  var header = document.querySelector(".md-header");
  function readingLine() {
    return Math.max(map.getBoundingClientRect().bottom, header ? header.getBoundingClientRect().bottom : 0) + 1;
  }

  // The reading position: the transcript offset at the reading line; at the foot
  // of the page, where the last lines can never reach that line, the end of the talk.
  function position() {
    var line = readingLine();
    if (window.scrollY > 0 && window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) return length;
    var at = 0;
    for (var i = 0; i < blocks.length; i++) {
      var box = blocks[i].element.getBoundingClientRect();
      if (box.top > line) break;
      var end = i + 1 < blocks.length ? blocks[i + 1].start : length;
      var within = box.height ? Math.min(1, Math.max(0, (line - box.top) / box.height)) : 0;
      at = blocks[i].start + within * (end - blocks[i].start);
    }
    return at;
  }

  // A section's heading comes before its first paragraph: past the heading, the reader is in it.
  var starts = sections.map(function (link) { return parseInt(link.getAttribute("data-start"), 10) || 0; });
  var headings = sections.map(function (link) { return document.getElementById(link.getAttribute("data-section")); });
  function reading() {
    var at = position(), line = readingLine();
    headings.forEach(function (heading, index) {
      if (heading && heading.getBoundingClientRect().top <= line) at = Math.max(at, starts[index]);
    });
    return at;
  }

  var pending = false;
  function update() {
    pending = false;
    var at = reading();
    here.setAttribute("x", (100 * at / length).toFixed(3) + "%");
    here.setAttribute("data-at", String(Math.round(at)));
    sections.forEach(function (link, index) {
      var end = index + 1 < starts.length ? starts[index + 1] : length + 1;
      if (at >= starts[index] && at < end) link.setAttribute("aria-current", "location");
      else link.removeAttribute("aria-current");
    });
  }
  function later() { if (!pending) { pending = true; requestAnimationFrame(update); } }

  // First drawn once the browser has laid the page out (no forced layout while the page loads).
  var bandWidth = 0;
  new ResizeObserver(function (entries) {
    bandWidth = entries[entries.length - 1].contentRect.width;
    fitLabels(bandWidth);
    later();
  }).observe(svg);
  window.addEventListener("scroll", later, { passive: true });
})();

/* Tooltips on demand, in Material's look (its .md-tooltip2 and CSS). Material's content.tooltips set
   up, when the page loaded, a tooltip for every titled element of the article: some 170 on a talk page
   (terms, corrected words, ¶ and "建议注释"), which cost it about 0.8 s of main thread on a phone and
   half the page's blocking time (issue #28). So the titles are hidden from its look at the page (they
   are back once it has looked), and a tooltip is made here when a titled element is first pointed at
   or focused, as Material shows one: under its host, kept while the host or the tooltip itself is
   hovered or the host holds focus (WCAG 1.4.13: hoverable, persistent), gone 250 ms after; the host's
   title moves into the tooltip (so the browser's own does not show too) and the tooltip describes it
   (aria-describedby). Escape dismisses it without moving the pointer or focus (1.4.13), until its host
   is entered or focused again. This also gives their tooltips to the words of a view swapped in later
   (逐字, a translation), which Material, having looked once, never saw. */
(function () {
  "use strict";
  var content = document.querySelector(".md-content");
  if (!content) return;
  var HIDDEN = "data-tb-title";
  var hidden = Array.prototype.slice.call(content.querySelectorAll("[title]"));
  hidden.forEach(function (element) {
    element.setAttribute(HIDDEN, element.getAttribute("title"));
    element.removeAttribute("title");
  });
  // Material looks at the page on DOMContentLoaded, in handlers that were added before this script ran.
  document.addEventListener("DOMContentLoaded", function () {
    setTimeout(function () {
      hidden.forEach(function (element) {
        if (!element.hasAttribute("title")) element.setAttribute("title", element.getAttribute(HIDDEN));
        element.removeAttribute(HIDDEN);
      });
    }, 0);
  });

  var GRACE = 250;  // ms: Material's, before a left tooltip fades and before it is removed
  var shown = new Map();  // host -> its tooltip's state
  var count = 0;
  // A title is escaped HTML (edition/markup.tooltip_text: Material sets it as innerHTML): read here as
  // text, parsed in an inert template, so it never becomes markup.
  function textOf(title) {
    var parsed = document.createElement("template");
    parsed.innerHTML = title;
    return parsed.content.textContent;
  }
  function hostOf(node) {
    for (var element = node; element && element !== content.parentNode; element = element.parentElement) {
      if (element.nodeType !== 1) continue;
      if (shown.has(element) || (element.hasAttribute("title") && content.contains(element))) return element;
    }
    return null;
  }
  function tooltipHost(node) {
    var tooltip = node && node.closest && node.closest(".tb-tooltip");
    var found = null;
    if (tooltip) shown.forEach(function (state, host) { if (state.tooltip === tooltip) found = host; });
    return found;
  }
  // Where Material puts it: centred under its host (page coordinates; the tooltip is in <body>), held
  // inside the screen by Material's CSS from its measured width.
  function place(host, tooltip) {
    var box = host.getBoundingClientRect();
    tooltip.style.setProperty("--md-tooltip-host-x", box.left + window.scrollX + "px");
    tooltip.style.setProperty("--md-tooltip-host-y", box.top + window.scrollY + "px");
    tooltip.style.setProperty("--md-tooltip-x", box.width / 2 + "px");
    tooltip.style.setProperty("--md-tooltip-y", 8 + box.height + "px");
    tooltip.style.setProperty("--md-tooltip-tail", "0px");
    tooltip.style.setProperty("--md-tooltip-width", tooltip.firstChild.offsetWidth + "px");
  }
  function create(host) {
    var title = host.getAttribute("title");
    if (!title) return null;
    var tooltip = document.createElement("div");
    tooltip.className = "md-tooltip2 md-tooltip2--bottom tb-tooltip";
    tooltip.setAttribute("role", "tooltip");
    tooltip.id = "tb-tooltip-" + (count += 1);
    var inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    inner.textContent = textOf(title);
    tooltip.appendChild(inner);
    host.removeAttribute("title");
    document.body.appendChild(tooltip);
    var state = { tooltip: tooltip, title: title, hover: false, focus: false, over: false, timer: 0, leaving: {} };
    shown.set(host, state);
    return state;
  }
  function update(host, state) {
    if (shown.get(host) !== state) return;  // removed already
    clearTimeout(state.timer);
    var tooltip = state.tooltip;
    if (state.hover || state.focus || state.over) {
      host.setAttribute("aria-describedby", tooltip.id);
      if (tooltip.classList.contains("md-tooltip2--active")) return;
      place(host, tooltip);
      // A frame after it is placed, so that it fades in as Material's does.
      requestAnimationFrame(function () {
        if (shown.get(host) === state && (state.hover || state.focus || state.over)) {
          tooltip.classList.add("md-tooltip2--active");
        }
      });
      return;
    }
    tooltip.classList.remove("md-tooltip2--active");
    host.removeAttribute("aria-describedby");
    state.timer = setTimeout(function () {
      shown.delete(host);
      tooltip.remove();
      host.setAttribute("title", state.title);
    }, GRACE);
  }
  // Leaving the host or the tooltip with the pointer counts only after the grace, so the pointer can
  // cross from one to the other; focus leaves at once.
  function set(host, key, value) {
    var state = shown.get(host) || (value ? create(host) : null);
    if (!state) return;
    clearTimeout(state.leaving[key]);
    if (value) state.tooltip.classList.remove("tb-dismissed");  // entered or focused again: shown again
    if (value || key === "focus") {
      state[key] = value;
      update(host, state);
    } else {
      state.leaving[key] = setTimeout(function () { state[key] = false; update(host, state); }, GRACE);
    }
  }

  function outside(element, event) { return !(event.relatedTarget && element.contains(event.relatedTarget)); }
  document.addEventListener("mouseover", function (event) {
    var over = tooltipHost(event.target);
    if (over) return set(over, "over", true);
    var host = hostOf(event.target);
    if (host && outside(host, event)) set(host, "hover", true);
  });
  document.addEventListener("mouseout", function (event) {
    var over = tooltipHost(event.target);
    if (over) {
      if (outside(shown.get(over).tooltip, event)) set(over, "over", false);
      return;
    }
    var host = hostOf(event.target);
    if (host && outside(host, event)) set(host, "hover", false);
  });
  document.addEventListener("focusin", function (event) {
    var host = hostOf(event.target);
    if (host) set(host, "focus", true);
  });
  document.addEventListener("focusout", function (event) {
    shown.forEach(function (state, host) {
      if (state.focus && outside(host, event)) set(host, "focus", false);
    });
  });

  window.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var words = false, any = false;
    shown.forEach(function (state, host) {
      var tooltip = state.tooltip;
      if (!tooltip.classList.contains("md-tooltip2--active") || tooltip.classList.contains("tb-dismissed")) return;
      tooltip.classList.add("tb-dismissed");
      any = true;
      // On a word's tooltip (a term, a correction) this Escape was for the tooltip, not for a note
      // opened earlier; on a control's (¶: "复制链接与引用") it also closes what that control opened.
      if (host.matches(".tb-term, .tb-fix, .tb-rfix, .tb-insert")) words = true;
    });
    if (any && words) event.stopPropagation();
  }, true);
})();

/* Keyboard: a paragraph is one Tab stop (issue #14). Its markers, terms, corrected words, ¶ and
   "建议注释" are one group reached with the arrow keys, the roving tabindex of the WAI-ARIA APG's
   toolbar: Left/Right move within it, Home/End to its ends, and Tab moves on to what follows (an
   open note's links, then the next paragraph). The paragraph keeps its role: it is prose, which a
   widget role would have screen readers announce as a toolbar. */
(function () {
  "use strict";
  var ITEMS = ".tb-marker, a.tb-term, a.tb-rfix, a.tb-plink, a.tb-suggest, .tb-changes-button";
  function paragraphOf(element) {
    var item = element.closest && element.closest(ITEMS);
    return item && !item.closest("aside") ? item.closest(".tb-para") : null;
  }
  function itemsOf(paragraph) {
    return Array.prototype.filter.call(paragraph.querySelectorAll(ITEMS), function (item) {
      return !item.closest("aside");
    });
  }
  function rove(paragraph, current) {
    itemsOf(paragraph).forEach(function (item) { item.tabIndex = item === current ? 0 : -1; });
  }
  function start(within) {
    Array.prototype.forEach.call(within.querySelectorAll(".tb-para"), function (paragraph) {
      rove(paragraph, itemsOf(paragraph)[0]);
    });
  }
  start(document);
  // A view swapped in (通读/逐字) brings paragraphs this has not seen.
  document.addEventListener("tb-shown", function (event) { event.detail.forEach(start); });
  document.addEventListener("focusin", function (event) {
    var paragraph = paragraphOf(event.target);
    if (paragraph) rove(paragraph, event.target.closest(ITEMS));
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var paragraph = paragraphOf(event.target);
    if (!paragraph) return;
    var items = itemsOf(paragraph), at = items.indexOf(event.target.closest(ITEMS));
    var to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: items.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    if (to >= 0 && to < items.length) items[to].focus();
  });
})();

/* The change view (issue #24): for any paragraph of a talk with a reading text, one button after its
   ¶ shows exactly what 通读 changed from 逐字: words left out (fillers, repeats, false starts) struck
   and muted, punctuation and the editor's 〔insertions〕 marked as added, corrections as transcript →
   reading, case changes. It is built on demand from the page's change data (web/changes.py: the
   aligned reading the build checked, never a second diff), so the page carries no third copy of the
   text as HTML. A disclosure button (aria-expanded); each change starts with a visually hidden
   label ("删去口头语：", "补标点："…) because screen readers do not announce <del> and <ins>. The open
   paragraphs are kept in the URL (?changes=p0,p22), as the view is (?view=), so a reload or a shared
   link shows them again; not in localStorage: it is a look at one paragraph, not a way of reading. */
talkbookPage.ready(function () {  // the change data is in the page's parts
  "use strict";
  var source = document.getElementById("tb-changes-data");
  if (!source) return;
  var data;
  try { data = JSON.parse(talkbookPage.fill(source).textContent); } catch (error) { return; }
  var L = data.labels, blocks = data.blocks;
  var LABEL = { f: L.change_filler, r: L.change_repeat, m: L.change_marked, p: L.change_punct, i: L.change_insert };
  var KIND = { f: "filler", r: "repeat", m: "marked", p: "punct", i: "insert" };

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function hidden(text) { return element("span", "tb-sr", text); }

  // One operation of changes.py as DOM: the words as shown, each change led by its spoken label.
  function change(op) {
    var code = op[0];
    if (code === "s") return document.createTextNode(op[1]);
    if (code === "c" || code === "k") {
      var span = element("span", "tb-chg tb-chg--" + (code === "c" ? "fix" : "case"));
      if (code === "c") span.setAttribute("data-note", "n-" + op[3]);
      span.append(hidden(code === "c" ? L.change_fix : L.change_case), element("del", "", op[1]),
                  element("span", "tb-chg-arrow", " → "), hidden(L.change_fix_to), element("ins", "", op[2]),
                  hidden(L.change_end));
      span.querySelector(".tb-chg-arrow").setAttribute("aria-hidden", "true");
      return span;
    }
    var mark = element(code === "p" || code === "i" ? "ins" : "del", "tb-chg tb-chg--" + KIND[code]);
    mark.title = LABEL[code].replace(/[：:]\s*$/, "");
    mark.append(hidden(LABEL[code]), code === "i" ? "〔" + op[1] + "〕" : op[1], hidden(L.change_end));
    return mark;
  }

  function regionId(block) { return "tb-changes-" + block.id; }

  function build(block) {
    var number = block.getAttribute("data-paragraph");
    var region = element("div", "tb-changes");
    region.id = regionId(block);
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", L.changes_region.replace("{n}", number));
    region.append(element("p", "tb-changes-key", L.changes_key));
    (blocks[block.id] || []).forEach(function (ops) {
      var paragraph = element("p", "tb-changes-para");
      ops.forEach(function (op) { paragraph.append(change(op)); });
      region.append(paragraph);
    });
    return region;
  }

  function openIds() {
    var asked = new URLSearchParams(location.search).get("changes");
    return asked ? asked.split(",").filter(function (id) { return blocks.hasOwnProperty(id); }) : [];
  }
  function keepInUrl(ids) {
    var url = new URL(location.href);
    if (ids.length) url.searchParams.set("changes", ids.join(","));
    else url.searchParams.delete("changes");
    history.replaceState(history.state, "", url.href);
  }

  function setOpen(block, open, remember) {
    var region = document.getElementById(regionId(block));
    if (open && !region) {
      region = build(block);
      var shown = block.querySelectorAll(":scope > .tb-para");
      shown[shown.length - 1].after(region);
    }
    if (region) region.hidden = !open;
    Array.prototype.forEach.call(block.querySelectorAll(".tb-changes-button"), function (button) {
      button.setAttribute("aria-expanded", String(open));
      if (open) button.setAttribute("aria-controls", region.id);
    });
    if (remember) {
      var ids = openIds().filter(function (id) { return id !== block.id; });
      if (open) ids.push(block.id);
      keepInUrl(ids);
    }
  }

  // The button follows the ¶ (and "建议注释") of the block's 逐字 paragraph and of its last 通读
  // paragraph, so each view has it; both control the one view. Like the ¶ it sits in the left gutter,
  // out of the line (talkbook.css: at the end of the text it left a lone character on the last line),
  // its label is generated content, so a copied passage or the paragraph's text holds no UI words,
  // and its name says which paragraph. It joins the paragraph's arrow-key group (tabindex -1 until
  // reached), like the ¶. The view not shown waits in the block's <template> (talk.html): its
  // paragraph gets its button there, once the template is filled (talkbookPage).
  function addButton(block, para) {
    var after = para && (para.querySelector(":scope > .tb-suggest") || para.querySelector(":scope > .tb-plink"));
    if (!after) return;
    var button = element("button", "tb-changes-button");
    button.type = "button";
    button.tabIndex = -1;
    button.setAttribute("data-label", L.changes_button);
    button.setAttribute("aria-label", L.changes_button_n.replace("{n}", block.getAttribute("data-paragraph")));
    button.setAttribute("aria-expanded", "false");
    after.after(button);
  }
  function verbatimOf(paragraphs) {
    return paragraphs.filter(function (p) { return !p.classList.contains("tb-rpara"); })[0];
  }
  Array.prototype.forEach.call(document.querySelectorAll(".tb-block--reading"), function (block) {
    if (!blocks.hasOwnProperty(block.id)) return;
    var shown = Array.prototype.slice.call(block.querySelectorAll(":scope > .tb-para"));
    var readings = shown.filter(function (p) { return p.classList.contains("tb-rpara"); });
    addButton(block, verbatimOf(shown));
    var waiting = block.querySelector(":scope > template.tb-alt");
    if (waiting) talkbookPage.whenFilled(waiting, function () {
      var inside = Array.prototype.slice.call(waiting.content.querySelectorAll(".tb-para"));
      addButton(block, verbatimOf(inside));
      if (!readings.length) readings = inside.filter(function (p) { return p.classList.contains("tb-rpara"); });
    });
    addButton(block, readings[readings.length - 1]);
  });

  function toggle(button) {
    setOpen(button.closest(".tb-block"), button.getAttribute("aria-expanded") !== "true", true);
  }

  // A view swapped in brings its own button: it says what the block's change view is doing.
  document.addEventListener("tb-shown", function (event) {
    event.detail.forEach(function (block) {
      var region = document.getElementById(regionId(block));
      var open = !!region && !region.hidden;
      if (region) block.appendChild(region);  // after the paragraphs now shown (before any note)
      Array.prototype.forEach.call(block.querySelectorAll(".tb-changes-button"), function (button) {
        button.setAttribute("aria-expanded", String(open));
        if (region) button.setAttribute("aria-controls", region.id);
      });
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".tb-changes-button");
    if (button) toggle(button);
  });

  openIds().forEach(function (id) {
    var block = document.getElementById(id);
    if (block && block.querySelector(".tb-changes-button")) setOpen(block, true, false);
  });
});
