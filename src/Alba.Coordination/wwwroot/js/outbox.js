// Commands made on a device with bad or no network (check-in scans at the door, field reports at a
// march): each is kept in IndexedDB with the id that makes it idempotent on the server (scanId,
// reportId) and sent in order when the network returns. An item leaves the box only when the server
// has answered it: accepted (2xx) or refused (4xx, kept in the list of refusals with the reason, so
// nobody wonders where it went). A network failure or a 5xx/429 leaves it waiting for the next try.
import { openDB } from "/lib/idb.js";
import { api, ApiError, NetworkError } from "./api.js";

const database = openDB("alba-outbox", 1, {
  upgrade(db) {
    const items = db.createObjectStore("items", { keyPath: "key", autoIncrement: true });
    items.createIndex("box", "box");
  },
});

/**
 * A named box of waiting commands. `add({ path, body, label })` keeps one and tries to send;
 * `onChange(listener)` tells { waiting, refused, sent } after each change.
 */
export function outbox(box) {
  const listeners = new Set();
  let flushing = null;
  let retryTimer = null;

  async function items() {
    return (await database).getAllFromIndex("items", "box", box);
  }

  async function notify(sent = []) {
    const all = await items();
    const state = { waiting: all.filter(i => !i.refusal), refused: all.filter(i => i.refusal), sent };
    for (const listener of listeners) listener(state);
    return state;
  }

  async function flushOnce() {
    const db = await database;
    const sent = [];
    for (const item of (await items()).filter(i => !i.refusal)) {
      try {
        const answer = await api(item.path, { method: "POST", body: item.body, retryAfterSignIn: true });
        await db.delete("items", item.key);
        sent.push({ ...item, answer });
      } catch (failure) {
        if (failure instanceof ApiError && failure.status >= 400 && failure.status < 500 && failure.status !== 408 && failure.status !== 429 && failure.status !== 401) {
          await db.put("items", { ...item, refusal: failure.message, status: failure.status });
          sent.push({ ...item, refusal: failure.message, status: failure.status });
          continue;
        }
        if (!(failure instanceof NetworkError) && !(failure instanceof ApiError)) throw failure;
        scheduleRetry();
        break; // keep the order: what follows waits for this one
      }
    }
    return notify(sent);
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => flush(), 5000);
  }

  function flush() {
    flushing ??= flushOnce().finally(() => { flushing = null; });
    return flushing;
  }

  async function add(command) {
    await (await database).add("items", { box, addedAt: new Date().toISOString(), ...command });
    await notify();
    return navigator.onLine ? flush() : null;
  }

  async function dismiss(key) {
    await (await database).delete("items", key);
    return notify();
  }

  const online = () => flush();
  window.addEventListener("online", online);

  return {
    add, flush, dismiss, items,
    onChange(listener) { listeners.add(listener); notify(); return () => listeners.delete(listener); },
    close() { window.removeEventListener("online", online); clearTimeout(retryTimer); listeners.clear(); },
  };
}
