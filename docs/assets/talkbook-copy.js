/* Copying a passage of a talk page gives the words and a citation line.
   A selection across a talk's paragraphs also holds what is not the speaker's words: note markers
   (their numbers), the ¶ and 建议注释 links, the margin notes beside the paragraphs and, on a talk
   with a reading text, the paragraphs of the view that is hidden. On `copy` inside the talk's text,
   the clipboard gets only the words shown in the current view (通读 or 逐字), paragraphs separated
   by a blank line, then the citation of the paragraph(s) the selection covers, in the format of the
   ¶ button (window.tbCitation, from talkbook.js). Elsewhere copying is left as it is. */
(function () {
  "use strict";

  // Not the words: markers, permalinks, suggest links, notes, buttons and what only assistive technology reads.
  var NOT_WORDS = "sup.tb-ref, .tb-plink, .tb-suggest, .headerlink, aside, button, .tb-cite-box, .md-visually-hidden, " +
    "[aria-hidden='true']";

  // A speaker's label is shown apart from the words (CSS); in plain text it needs its colon.
  function afterSpeaker(element) {
    var lang = (element.closest("[lang]") || document.documentElement).getAttribute("lang") || "";
    return lang.indexOf("zh") === 0 ? "：" : ": ";
  }

  function shown(element) {
    return element.getClientRects().length > 0;
  }

  // The words of `range`, paragraph by paragraph (each <p> that holds some of them).
  function wordsOf(range) {
    var within = range.commonAncestorContainer;
    if (within.nodeType !== Node.ELEMENT_NODE) within = within.parentElement;
    var walker = document.createTreeWalker(within, NodeFilter.SHOW_TEXT, {
      acceptNode: function (text) {
        if (!range.intersectsNode(text)) return NodeFilter.FILTER_REJECT;
        var parent = text.parentElement;
        if (!parent || parent.closest(NOT_WORDS) || !shown(parent)) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var paragraphs = [], current = null, last = null, speaker = null;
    for (var text = walker.nextNode(); text; text = walker.nextNode()) {
      var value = text.nodeValue;
      if (text === range.endContainer) value = value.slice(0, range.endOffset);
      if (text === range.startContainer) value = value.slice(range.startOffset);
      var paragraph = text.parentElement.closest("p, li, h1, h2, h3, h4, h5, h6") || text.parentElement;
      if (paragraph !== last) {
        current = [];
        paragraphs.push(current);
        last = paragraph;
        speaker = null;
      }
      var label = text.parentElement.closest(".tb-speaker");
      if (speaker && label !== speaker) current.push(afterSpeaker(speaker));
      speaker = label;
      current.push(value);
    }
    return paragraphs
      .map(function (parts) { return parts.join("").replace(/\u2060/g, "").replace(/[ \t\n]+/g, " ").trim(); })
      .filter(function (words) { return words; })
      .join("\n\n");
  }

  function sectionOf(block) {
    for (var e = block; e; e = e.previousElementSibling) if (e.tagName === "H2") return e;
    return null;
  }

  // The ¶ button's citation of the first paragraph, its number widened to the span: "第 3–5 段"
  // within one section, "第 3 段起" (from paragraph 3 on) across sections.
  function citationOf(first, last) {
    if (typeof window.tbCitation !== "function") return "";
    var line = window.tbCitation(first);
    var from = first.getAttribute("data-paragraph"), to = last.getAttribute("data-paragraph");
    if (last === first || !from || !to) return line;
    var span = sectionOf(first) === sectionOf(last) ? "第 " + from + "–" + to + " 段" : "第 " + from + " 段起";
    return line.replace("第 " + from + " 段", span);
  }

  document.addEventListener("copy", function (event) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount || !event.clipboardData) return;
    var range = selection.getRangeAt(0);
    var blocks = Array.prototype.filter.call(document.querySelectorAll(".tb-block"), function (block) {
      return range.intersectsNode(block);
    });
    if (!blocks.length) return;  // not the talk's text: the browser copies as usual
    var element = function (node) { return node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement; };
    var note = element(range.startContainer).closest("aside");
    if (note && note === element(range.endContainer).closest("aside")) return;  // within one margin note: as usual
    var words = wordsOf(range);
    if (!words) return;
    var citation = citationOf(blocks[0], blocks[blocks.length - 1]);
    event.clipboardData.setData("text/plain", citation ? words + "\n\n" + citation : words);
    event.preventDefault();
  });
})();
