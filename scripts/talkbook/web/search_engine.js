// talkbook: search answered from the index in pieces (web/search_shards.py writes them; web/search.py
// puts this file first in the served search worker). When Material's page sets its worker up with a
// configuration naming `talkbook_index`, this answers every message itself, in Material's protocol,
// so Material's search box, result list, keyboard handling and accessibility are unchanged; any other
// configuration (a project exported to another engine) goes to Material's own worker below.
// A query loads the shards of its words and scores as Material's lunr index would (the weights were
// computed at build time), then loads the few documents its best results show.
(function () {
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var SHOWN = 50;  // documents returned to the list: the best, grouped by page as Material does (search_shards.py)
  var FIRST = 10;  // ... of which these first, as soon as they are loaded: the list shows ten pages at once
  // lunr's English stop words: Material does not report one as a missing word of a result.
  var STOP = new Set(("a able about across after all almost also am among an and any are as at be because been " +
    "but by can cannot could dear did do does either else ever every for from get got had has have he her hers " +
    "him his how however i if in into is it its just least let like likely may me might most must my neither no " +
    "nor not of off often on only or other our own rather said say says she should since so some than that the " +
    "their them then there these they this tis to too twas us wants was we were what when where which while who " +
    "whom why will with would yet you your").split(" "));
  var registry = { keys: null, terms: {}, docs: {} };
  self.tbSearch = {
    keys: function (keys) {
      for (var i = 1; i < keys.docs.length; i++) keys.docs[i] += keys.docs[i - 1];  // written as gaps
      registry.keys = keys;
    },
    terms: function (n, terms) { registry.terms[n] = terms; },
    docs: function (n, docs) { registry.docs[n] = docs; }
  };

  function here() {  // the worker script's own address (in the file:// iframe shim, its <script>)
    var script = typeof document !== "undefined" && document.querySelector("script[src]");
    return script ? script.src : self.location.href;
  }

  // Index files are scripts calling tbSearch (so that importScripts can load them from file://, where
  // fetch is refused); over http they are fetched side by side and their arguments read as JSON.
  var CALL = /^tbSearch\.(\w+)\(([\s\S]*)\)$/;
  function fetchAll(urls) {
    return Promise.all(urls.map(function (url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.text();
      });
    })).then(function (texts) {
      texts.forEach(function (text, i) {
        var call = CALL.exec(text.trim());
        if (!call || !self.tbSearch[call[1]]) throw new Error(urls[i] + ": not a search index file");
        self.tbSearch[call[1]].apply(null, JSON.parse("[" + call[2] + "]"));
      });
    });
  }

  var requested = {};
  function load(urls) {  // the files not loaded yet, in one go
    var wanted = urls.filter(function (url) { return !requested[url]; });
    if (wanted.length) {
      var done;
      if (/^https?:/.test(self.location.protocol)) done = fetchAll(wanted);
      else {
        try {
          done = Promise.resolve(importScripts.apply(self, wanted));
        } catch (error) {
          done = Promise.reject(error);
        }
      }
      wanted.forEach(function (url) { requested[url] = done; });
      done.catch(function () { wanted.forEach(function (url) { delete requested[url]; }); });
    }
    return Promise.all(urls.map(function (url) { return requested[url]; }));
  }

  function Engine(config) {
    var root = here().replace(/assets\/javascripts\/workers\/[^\/]*$/, "");
    this.base = new URL(config.talkbook_index.replace(/\/?$/, "/"), root).href;
    this.separator = config.separator;
    this.ready = load([this.base + "keys.js"]).then(function () { return registry.keys; });
  }

  // The last of the sorted `firsts` at or before `value` (JavaScript's string order, as the build sorts).
  function within(firsts, value) {
    var low = 0, high = firsts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (firsts[middle] <= value) low = middle; else high = middle - 1;
    }
    return low;
  }

  // The shards holding `term` or, with `prefix`, every term that starts with it.
  Engine.prototype.shardsFor = function (keys, term, prefix) {
    var first = within(keys.terms, term), last = prefix ? within(keys.terms, term + "\uffff") : first, out = [];
    for (var n = first; n <= last; n++) out.push(n);
    return out;
  };

  Engine.prototype.loadShards = function (numbers) {
    var base = this.base;
    return load(numbers.map(function (n) { return base + "t" + n + ".js"; }));
  };

  Engine.prototype.postings = function (term) {
    var shard = registry.terms[within(registry.keys.terms, term)];
    return shard && Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
  };

  Engine.prototype.expand = function (term, prefix, numbers) {
    if (!prefix) return this.postings(term) ? [term] : [];
    var out = [];
    numbers.forEach(function (n) {
      Object.keys(registry.terms[n] || {}).forEach(function (found) {
        if (found.startsWith(term)) out.push(found);
      });
    });
    return out;
  };

  // Chinese: each run of Han characters cut into the longest index terms it holds, overlapping
  // where terms overlap (as Material's worker does, with its last word looked up whole).
  Engine.prototype.segment = function (run) {
    var self = this, cut = new Uint16Array(run.length), pieces = new Set();
    for (var i = 0; i < run.length; i++)
      for (var j = i + 1; j <= run.length; j++)
        if (self.postings(run.slice(i, j).toLowerCase())) cut[i] = j - i;
    var stack = [0];
    while (stack.length) {
      var p = stack.pop();
      for (var q = 1; q < cut[p]; q++)
        if (cut[p + q] > cut[p] - q) {
          pieces.add(run.slice(p, p + q));
          stack.push(p + q);
        }
      var next = p + cut[p];
      if (cut[next] && next < run.length - 1) stack.push(next);
      pieces.add(run.slice(p, next));
    }
    return pieces.has("") ? [run] : Array.from(pieces);
  };

  // Answers `query` through `answer`: first with the best FIRST documents (what the list shows before
  // the reader scrolls) as soon as they are loaded, then, if there are more, with the best SHOWN.
  Engine.prototype.search = function (query, answer) {
    var self = this, clock = { start: performance.now() };
    return this.ready.then(function (keys) {
      clock.keys = performance.now();
      query = talkbookQuery(query);
      var runs = query.match(/\p{sc=Han}+/gu) || [], along = new Set();
      runs.forEach(function (run) {  // every piece segment() may look up
        for (var i = 0; i < run.length; i++)
          for (var j = i + 1; j <= run.length; j++) along.add(within(keys.terms, run.slice(i, j).toLowerCase()));
      });
      return self.loadShards(Array.from(along)).then(function () {
        var clauses = parse(transform(query.replace(/\p{sc=Han}+/gu, function (run) {
          return self.segment(run).join("* ");
        }), self.separator), self.separator);
        var needed = new Set();
        clauses.forEach(function (clause) {
          clause.shards = self.shardsFor(keys, clause.term, clause.prefix);
          clause.shards.forEach(function (n) { needed.add(n); });
        });
        return self.loadShards(Array.from(needed)).then(function () {
          clock.terms = performance.now();
          return self.rank(clauses);
        });
      });
    }).then(function (ranked) {
      clock.ranked = performance.now();
      var first = ranked.slice(0, FIRST);
      return self.show(first).then(function (result) {
        // where the time went, for bench-search (Material ignores it)
        result.talkbook_ms = { keys: clock.keys - clock.start, terms: clock.terms - clock.keys,
                               rank: clock.ranked - clock.terms, docs: performance.now() - clock.ranked };
        if (ranked.length > first.length) result.talkbook_partial = true;
        // the rest does not hold up a query typed meanwhile (whose answer makes this one's stale)
        if (answer(result) !== false && result.talkbook_partial)
          self.show(ranked).then(answer, function (error) { console.warn("talkbook search: " + error); });
      });
    });
  };

  // Scores as lunr would (the sum over expanded terms of the clause boost times the term's weight in the
  // document), then Material's boost of an article and of documents matching more of the query.
  Engine.prototype.rank = function (clauses) {
    var self = this, weightOf = new Map(), required = [], prohibited = new Set();
    clauses.forEach(function (clause) {
      var terms = self.expand(clause.term, clause.prefix, clause.shards);
      if (clause.presence === "-") {
        terms.forEach(function (term) { each(self.postings(term), function (ref) { prohibited.add(ref >> 1); }); });
        return;
      }
      var having = clause.presence === "+" ? new Set() : null;
      terms.forEach(function (term) {
        weightOf.set(term, (weightOf.get(term) || 0) + clause.boost);
        if (having) each(self.postings(term), function (ref) { having.add(ref >> 1); });
      });
      if (having) required.push(having);
    });
    // lunr divides by the query vector's length (the same in every field): kept, so scores are lunr's.
    var length = 0;
    weightOf.forEach(function (weight) { length += weight * weight; });
    length = Math.sqrt(length);
    var scores = new Map();
    weightOf.forEach(function (weight, term) {
      each(self.postings(term), function (ref, milli) {
        var doc = ref >> 1, entry = scores.get(doc);
        if (!entry) scores.set(doc, entry = { doc: doc, article: ref & 1, score: 0, terms: [] });
        entry.score += weight * milli / 1000 / length;
        entry.terms.push(term);
      });
    });
    var asked = clauses.filter(function (c) { return c.presence !== "-"; }).map(function (c) { return c.term; });
    var results = [];
    scores.forEach(function (entry, doc) {
      if (prohibited.has(doc) || required.some(function (set) { return !set.has(doc); })) return;
      var found = {};
      asked.forEach(function (word) {
        if (entry.terms.some(function (term) { return term.startsWith(word); })) found[word] = true;
        else if (!(word in found) && !STOP.has(word)) found[word] = false;
      });
      var words = Object.keys(found), hits = words.filter(function (w) { return found[w]; }).length;
      var boost = entry.article + hits / words.length;
      results.push({ doc: doc, score: entry.score * (1 + boost * boost), found: found, terms: entry.terms });
    });
    results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return results.slice(0, SHOWN);
  };

  Engine.prototype.loadDocs = function (numbers) {
    var base = this.base, chunks = new Set();
    numbers.forEach(function (doc) { chunks.add(within(registry.keys.docs, doc)); });
    return load(Array.from(chunks).map(function (c) { return base + "d" + c + ".js"; }));
  };

  function docAt(number) {
    var starts = registry.keys.docs, chunk = within(starts, number);
    return registry.docs[chunk][number - starts[chunk]];
  }

  // Material's result: the best documents grouped by page in order of their best, each page's article
  // present (added with score 0 when only its sections matched: the list shows its title alone),
  // matches marked.
  Engine.prototype.show = function (ranked) {
    var self = this;
    return this.loadDocs(ranked.map(function (r) { return r.doc; })).then(function () {
      var groups = new Map();
      ranked.forEach(function (r) {
        var doc = docAt(r.doc), page = doc.location.split("#")[0];
        if (!groups.has(page)) groups.set(page, { items: [], article: doc.article === undefined, title: doc.article });
        var group = groups.get(page);
        group.items.push(item(doc, r.score, r.found, new Set(r.terms), self.separator));
        if (doc.article === undefined) group.article = true;
        else group.title = doc.article;
      });
      return { items: Array.from(groups, function (entry) {
        var page = entry[0], group = entry[1];
        if (!group.article) group.items.push({ location: page, title: group.title, text: "", score: 0, terms: {} });
        return group.items;
      }) };
    });
  };

  function item(doc, score, found, terms, separator) {
    var out = { location: doc.location, title: mark(doc.title, terms, separator, true),
                text: teaser(mark(doc.text, terms, separator, false)), score: score, terms: found };
    if (doc.tags) out.tags = doc.tags.map(function (tag) { return mark(tag, terms, separator, true); });
    return out;
  }

  function each(postings, visit) {
    if (!postings) return;
    var gaps = postings[0], weights = postings[1], ref = 0;
    for (var i = 0; i < gaps.length; i++) visit(ref += gaps[i], weights[i]);
  }

  // Matches in `html` wrapped in <mark>: in the whole value (`whole`) or, as Material shows a
  // section's text, only in the first two top-level blocks (paragraphs, lists) that hold a match.
  // Blocks and words are cut as Material's tokenizer cuts them (search_shards.text_outside_tags).
  function mark(html, terms, separator, whole) {
    if (!terms.size || !html) return html;
    var blocks = [], current = null, start = 0, depth = 0, split = new RegExp(separator, "g");
    function block() {
      if (!current) blocks.push(current = { from: -1, to: -1, hits: [] });
      return current;
    }
    function span(from, to) {
      var b = block();
      if (b.from < 0) b.from = from;
      b.to = to;
    }
    function text(from, to) {
      var section = html.slice(from, to), at = 0, found;
      split.lastIndex = 0;
      do {
        found = split.exec(section);
        var until = found ? found.index : section.length;
        if (at < until) {
          span(from + at, from + until);
          if (terms.has(section.slice(at, until).toLowerCase())) current.hits.push([from + at, from + until]);
        }
        if (found) {
          at = found.index + found[0].length;
          if (!found[0].length) split.lastIndex = found.index + 1;
        }
      } while (found);
    }
    for (var i = 0; i < html.length; i++) {
      var c = html.charAt(i);
      if (c === "<" && i > start) {
        text(start, i);
        start = i;
      } else if (c === ">") {
        if (html.charAt(start + 1) === "/") {
          if (--depth === 0) { span(start, i + 1); current = null; }
        } else if (html.charAt(i - 1) !== "/") {
          if (depth++ === 0) span(start, i + 1);
        }
        start = i + 1;
      }
    }
    if (html.length > start) text(start, html.length);
    var hits = [];
    blocks.forEach(function (b) { hits = hits.concat(b.hits); });
    if (!hits.length) return html;
    if (whole) return wrap(html, 0, html.length, hits);
    return blocks.filter(function (b) { return b.hits.length; }).slice(0, 2).map(function (b) {
      return wrap(html, b.from, b.to, b.hits);
    }).join("");
  }

  // What the list can show of a text: TEASER characters from a little before its first match (from its
  // start without one), "…" where it was cut, every tag kept so the markup stays whole. The list shows
  // two or three lines of it (Material's CSS); a talk section's two paragraphs ran to 4,000 characters
  // each, 43,000 for one query's ten pages, and the page's time to show them was most of the first
  // result's (issue #30). A character is a code point, or an entity; tests/test_search_shards.py
  // checks this against a reference in Python.
  var TEASER = 200, LEAD = 40, CHARACTER = /<[^>]*>|&[#0-9A-Za-z]+;|[\s\S]/gu;
  function teaser(html) {
    var tokens = html.match(CHARACTER) || [];
    var shown = 0, first = -1;
    tokens.forEach(function (token) {
      if (token === "<mark>" && first < 0) first = shown;
      if (token.charAt(0) !== "<" || token.length === 1) shown++;
    });
    if (shown <= TEASER) return html;
    var from = Math.max(0, Math.min(first < 0 ? 0 : first - LEAD, shown - TEASER)), to = from + TEASER;
    var out = "", at = 0;
    tokens.forEach(function (token) {
      if (token.charAt(0) === "<" && token.length > 1) { out += token; return; }
      if (at === from && from > 0) out += "…";
      if (at >= from && at < to) out += token;
      at++;
      if (at === to && to < shown) out += "…";
    });
    return out;
  }
  self.talkbookTeaser = teaser;  // (for tests/test_search_shards.py)

  function wrap(html, from, to, hits) {
    var out = "", at = from;
    hits.forEach(function (hit) {
      if (hit[0] < from || hit[1] > to) return;
      out += html.slice(at, hit[0]) + "<mark>" + html.slice(hit[0], hit[1]) + "</mark>";
      at = hit[1];
    });
    return out + html.slice(at, to);
  }

  // Material's query transformation: quoted words required, stray operators dropped, every word
  // split at the separator and given a trailing wildcard unless it is required, excluded or boosted.
  function transform(query, separator) {
    var words = [];
    query.trim()
      .split(/"([^"]+)"/g)
      .map(function (part, index) { return index & 1 ? part.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : part; })
      .join("")
      .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
      .split(/\s+/g)
      .forEach(function (part) { words = words.concat(pieces(part, separator)); });
    return words
      .map(function (w) { return /[~^]$/.test(w) ? w + "1" : w; })
      .map(function (w) { return /(^[+-]|[~^]\d+$)/.test(w) ? w : w + "*"; })
      .join(" ");
  }

  var WORD = /^([+-]?)(?:(title|text|tags):)?(.*?)((?:[~^]\d*)*)$/;
  // A query word's pieces at the separator, each with the word's operators (DALL-E^2: DALL^2 E^2).
  function pieces(part, separator) {
    var m = WORD.exec(part.replace(/:/g, function (c, at) {
      return /^(title|text|tags)$/.test(part.slice(0, at).replace(/^[+-]/, "")) ? c : " ";
    }));
    if (!m) return [];
    var out = [];
    m[3].split(new RegExp(separator)).forEach(function (piece) {
      if (piece) out.push(m[1] + piece + m[4]);
    });
    return out;
  }

  function parse(query, separator) {
    var onlySeparators = new RegExp("^(?:" + separator + ")$");
    return query.split(/\s+/).filter(Boolean).map(function (word) {
      var presence = /^[+-]/.test(word) ? word[0] : "";
      word = word.replace(/^[+-]/, "").replace(/^(title|text|tags):/, "");  // a field named: searched everywhere
      var boost = 1, m = /\^(\d+)/.exec(word);
      if (m) boost = Number(m[1]);
      word = word.replace(/[~^]\d*/g, "").replace(/^\*+/, "");
      var prefix = /\*$/.test(word);
      return { presence: presence, term: word.replace(/\*+$/, "").toLowerCase(), prefix: prefix, boost: boost };
    }).filter(function (clause) { return clause.term && !onlySeparators.test(clause.term); });
  }

  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, material, options) {
    if (type !== "message") return listen(type, material, options);
    var engine = null, queue = Promise.resolve(), latest = 0;
    return listen("message", function (event) {
      var message = event.data;
      if (message && message.type === SETUP && message.data.config.talkbook_index) {
        engine = new Engine(message.data.config);
        self.postMessage({ type: READY });
        return;
      }
      if (message && message.type === QUERY && engine) {
        var asked = ++latest;
        queue = queue.then(function () {
          if (asked !== latest) return;  // a newer query is waiting: answer that one
          return engine.search(message.data, function (result) {
            if (asked !== latest) return false;
            self.postMessage({ type: RESULT, data: result });
          }).catch(function (error) {
            console.warn("talkbook search: " + error);
            if (asked === latest) self.postMessage({ type: RESULT, data: { items: [] } });
          });
        });
        return;
      }
      return material(event);
    }, options);
  };
})();
