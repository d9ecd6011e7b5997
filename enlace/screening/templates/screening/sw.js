/*
 * Enlace screening service worker: keeps the offline screening page and the files it needs, so
 * the form opens at a border post with no connection. It stores no case or screening data: drafts
 * live encrypted in IndexedDB (enlace/static/enlace/offline.js). Its scope is /screening/.
 *
 * The page: network first (always the newest form while online; a redirect to the sign-in page is
 * shown, never kept), the kept copy when the network fails. Static files: the kept copy first (their
 * names change with their content). Everything else goes to the network untouched.
 */
"use strict";
var CACHE = "enlace-screening-{{ version }}";
var SHELL = "{{ shell_url|escapejs }}";
var STATIC = "{{ static_url|escapejs }}";
var ASSETS = {{ assets_json|safe }};

function keepShell(cache, response) {
  if (response.ok && !response.redirected && response.type === "basic") {
    return cache.put(SHELL, response.clone()).then(function () { return response; });
  }
  return Promise.resolve(response);
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS).then(function () {
      return fetch(SHELL, {credentials: "same-origin"}).then(function (r) { return keepShell(cache, r); })
        .catch(function () { return null; });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("enlace-screening-") === 0 && n !== CACHE;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname === SHELL) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return fetch(request).then(function (r) { return keepShell(cache, r); })
        .catch(function () {
          return cache.match(SHELL).then(function (kept) { return kept || Response.error(); });
        });
    }));
  } else if (url.pathname.indexOf(STATIC) === 0) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (kept) {
        return kept || fetch(request).then(function (r) {
          if (r.ok) { cache.put(request, r.clone()); }
          return r;
        });
      });
    }));
  }
});
