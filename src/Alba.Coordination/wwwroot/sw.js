// Lets a page that was visited once open again without network (the check-in desk at a door, a
// field report at a march): the app's own files are fetched from the network first and kept; when
// the network fails, the kept copy is served. The API is never cached: commands made offline wait
// in the page's outbox (js/outbox.js), and reads must be live or visibly missing.
const CACHE = "alba-app-v1";

self.addEventListener("install", event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(["/", "/app.css", "/js/app.js", "/lib/signalr.min.js"])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(key => key !== CACHE).map(key => caches.delete(key))))
    .then(() => self.clients.claim()));
});

function isAppFile(url) {
  return url.origin === self.location.origin && !url.pathname.startsWith("/api/") && !url.pathname.startsWith("/hubs/")
    && !url.pathname.startsWith("/health") && !url.pathname.startsWith("/openapi") && !url.pathname.startsWith("/feeds/");
}

// A page loaded before this worker took control fetched its modules past it: the page lists what it
// loaded (app.js, keepLoadedFiles) and the app's files among them are kept, so it opens offline next time.
self.addEventListener("message", event => {
  const urls = (event.data?.keep ?? []).map(url => new URL(url, self.location.origin)).filter(isAppFile);
  event.waitUntil(caches.open(CACHE).then(cache => Promise.all(urls.map(url =>
    fetch(url).then(response => response.ok ? cache.put(url, response) : null).catch(() => null)))));
});

self.addEventListener("fetch", event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !isAppFile(url)) return;
  // Every page of the app is the same index.html: keep it under one key.
  const key = request.mode === "navigate" ? "/" : request;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(key, response.clone());
      return response;
    } catch (failure) {
      const kept = await cache.match(key);
      if (kept) return kept;
      throw failure;
    }
  })());
});
