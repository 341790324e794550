// The offline desk's service worker (version {{ version }}): keeps the desk's page and its files so that it opens
// with no network. The API is never cached here: the page keeps the event's data in IndexedDB itself.
"use strict";
var VERSION = {{ version | tojson }};
var CACHE = "desk-" + VERSION;
var SHELL = {{ shell | tojson }};
var FILES = [SHELL].concat({{ assets | tojson }});

self.addEventListener("install", function (event) {
  // A new version waits until the page says so (its "new version" prompt): a desk mid-queue is never switched.
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.indexOf("desk-") === 0 && key !== CACHE; })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  if (request.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(SHELL).then(function (cached) { return cached || fetch(request); });
    }));
    return;
  }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (cached) { return cached || fetch(request); });
  }));
});
