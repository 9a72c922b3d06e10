// talkbook: the search worker rewrites each query with this function before Material reads it
// (web/search.py puts it into the served worker). Material gives every query word a trailing
// wildcard and splits "DALL-E" into "DALL* E*", so in a corpus with English text the one letter
// "E*" matched every word starting with e and an English talk outranked the DALL·E passage.
//  - a name joined by a hyphen or a middle dot (DALL-E, DALL·E, GPT-4) is searched as its parts
//    plus the joined spelling (DALLE, GPT4), which the index holds for glossary names;
//  - a one-character word is searched whole ("E^1": Material adds no wildcard after a boost);
//  - English stop words are dropped while the query has other words, so they never outrank a name.
var talkbookQuery = (function () {
  var JOINED = /^[A-Za-z0-9]+(?:[-\u2010\u2011\u00b7\u2027\u30fb\u2022][A-Za-z0-9]+)+$/;
  var JOINER = /[-\u2010\u2011\u00b7\u2027\u30fb\u2022]/;
  var PLAIN = /^[A-Za-z0-9]+$/;
  var STOP = new Set(("a an and are as at be but by for from has have i in is it its of on or so that the " +
    "their this to was we were what when which who will with you").split(" "));
  function whole(piece) {
    return piece.length === 1 ? piece + "^1" : piece;
  }
  return function (query) {
    var words = query.trim().split(/\s+/).filter(Boolean);
    var strong = words.filter(function (word) { return !STOP.has(word.toLowerCase()); });
    if (strong.length) words = words.filter(function (word) { return !(PLAIN.test(word) && STOP.has(word.toLowerCase())); });
    var out = [];
    words.forEach(function (word) {
      if (JOINED.test(word)) {
        var pieces = word.split(JOINER);
        pieces.forEach(function (piece) { out.push(whole(piece)); });
        out.push(pieces.join(""));
      } else if (PLAIN.test(word)) {
        out.push(whole(word));
      } else {
        out.push(word);  // Chinese, quoted phrases, operators: as Material reads them
      }
    });
    return out.join(" ");
  };
})();
