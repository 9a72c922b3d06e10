// talkbook: the search documents on demand (web/search.py puts this first in the served worker).
// Material's page hands its worker search/search_index.json, which the build leaves holding the search
// configuration only, when the reader opens search (search.patch_bundle); the documents wait in
// search/search_docs.js. The worker answers "ready" at once and starts loading the documents while
// the reader types; queries wait for them. Once they are in, Material's own worker is set up on them
// (its own "ready" is not passed on) and answers every query.
// A reader who never searches downloads no document.
(function () {
  var SETUP = 0, READY = 1, QUERY = 2;
  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, material, options) {
    if (type !== "message") return listen(type, material, options);
    var setup = null, loaded = null, unanswered = 0;
    var post = self.postMessage;
    self.postMessage = function (message) {
      if (unanswered && message && message.type === READY) { unanswered -= 1; return; }
      return post.apply(self, arguments);
    };
    function here() {  // the worker script's own address (in the file:// iframe, its <script>)
      var script = typeof document !== "undefined" && document.querySelector("script[src]");
      return script ? script.src : self.location.href;
    }
    function load() {
      if (!loaded) {
        var root = here().replace(/assets\/javascripts\/workers\/[^\/]*$/, "");
        loaded = Promise.resolve(importScripts(new URL(setup.config.talkbook_docs, root).href)).then(function () {
          unanswered += 1;
          return material({ data: { type: SETUP, data: { config: setup.config, docs: __index.docs,
                                                          options: setup.options } } });
        });
      }
      return loaded;
    }
    return listen("message", function (event) {
      var message = event.data;
      if (message && message.type === SETUP && message.data.config.talkbook_docs) {
        setup = message.data;
        post.call(self, { type: READY });
        load();
        return;
      }
      if (message && message.type === QUERY && setup) {
        return load().then(function () { return material(event); });
      }
      return material(event);
    }, options);
  };
})();
