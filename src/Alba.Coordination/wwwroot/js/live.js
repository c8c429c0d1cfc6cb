// One SignalR connection for the page, resumable (docs/live.md, "Client contract"): every update carries its
// position and the position of its group's update before it. For each followed group we keep the last position
// applied; after every (re)connection, and whenever an update shows a gap, we ask Join(group, last) for what we
// missed. Followers get each update once, in position order. The connection retries forever, backing off.
// A page passes the position of its first read (the Live-Position header of the GETs it renders from), so its first
// Join replays whatever changed between that read and the join.
import { t } from "./i18n.js";

const groups = new Map(); // group -> { callbacks: Set, last: number | null, catchingUp: Promise | null, pending: [], resync: boolean }
let connection;
let starting;
const reconnectListeners = new Set();

/** 0.5 s, 1 s, 2 s … up to 30 s between attempts, spread so a restarted server is not hit by every page at once. */
const retryDelay = attempt => Math.min(30000, 500 * 2 ** attempt) * (0.75 + Math.random() / 2);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function statusBadge(state) {
  const el = document.getElementById("live-status");
  if (!el) return;
  el.dataset.state = state;
  el.textContent = state === "connected" ? t("live") : state === "reconnecting" ? t("reconnecting") : t("offline");
}

function token() {
  return sessionStorage.getItem("alba.token") || "";
}

function apply(entry, update) {
  if (entry.last !== null && update.position <= entry.last) return; // already applied
  entry.last = update.position;
  for (const callback of entry.callbacks) callback(update);
}

function receive(update) {
  const entry = groups.get(update.group);
  if (!entry) return;
  if (entry.catchingUp) { entry.pending.push(update); return; }
  if (entry.last !== null && update.previousPosition > entry.last) { catchUp(update.group).catch(() => {}); return; }
  apply(entry, update);
}

/** Joins the group (again) and applies whatever it missed since its last position; updates arriving meanwhile wait. */
function catchUp(group) {
  const entry = groups.get(group);
  if (!entry || entry.catchingUp) return entry?.catchingUp;
  entry.catchingUp = (async () => {
    let joined;
    do {
      joined = await connection.invoke("Join", group, entry.last);
      for (const update of joined.updates) apply(entry, update);
      if (entry.last === null || joined.position > entry.last) entry.last = joined.position;
    } while (!joined.complete);
    if (entry.resync) {
      entry.resync = false;
      for (const callback of entry.callbacks) callback({ group, kind: "Resynced", position: entry.last });
    }
  })().finally(() => {
    entry.catchingUp = null;
    for (const update of entry.pending.splice(0)) receive(update);
  });
  return entry.catchingUp;
}

/** Connected: every followed group catches up; after a reconnection (the server may be another process now) listeners are told. */
async function connected(again) {
  statusBadge("connected");
  await Promise.allSettled([...groups.keys()].map(catchUp));
  if (again) for (const listener of reconnectListeners) listener();
}

async function startWithRetries(again = false) {
  for (let attempt = 0; ; attempt++) {
    try {
      await connection.start();
      break;
    } catch {
      statusBadge("reconnecting");
      await sleep(retryDelay(attempt));
    }
  }
  await connected(again);
}

export async function connect() {
  if (!connection) {
    connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/live", { accessTokenFactory: token })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount }) => retryDelay(previousRetryCount) })
      .build();
    connection.on("update", receive);
    connection.onreconnecting(() => statusBadge("reconnecting"));
    connection.onreconnected(() => connected(true));
    // Automatic reconnection never gives up, but a server that closes the connection for good ends it: start anew.
    connection.onclose(() => {
      statusBadge("offline");
      starting = startWithRetries(true);
    });
    starting = startWithRetries();
  }
  await starting;
  return connection;
}

/**
 * Where the reads stand in their group's live log: the least `Live-Position` of the given responses (from `apiResponse`)
 * or `ApiError`s, or null when one of them does not say.
 */
export function livePosition(...responses) {
  const positions = responses.map(response => response?.headers?.get("Live-Position"));
  return positions.every(Boolean) ? Math.min(...positions.map(Number)) : null;
}

/**
 * Follows a group until the returned function is called; the callback gets each of its updates once, in order. With
 * `afterPosition` (the `livePosition` of what the page shows), it also gets those the group had after that position.
 */
export async function follow(group, callback, afterPosition = null) {
  const conn = await connect();
  const entry = groups.get(group);
  if (entry) {
    entry.callbacks.add(callback);
    // Another follower joined the group first: what it applied since this page's read is not replayed, so refetch.
    if (afterPosition !== null && (entry.last === null || entry.last > afterPosition)) callback({ group, kind: "Resynced", position: entry.last });
  } else {
    groups.set(group, { callbacks: new Set([callback]), last: afterPosition, catchingUp: null, pending: [], resync: false });
    try {
      await catchUp(group);
    } catch (error) {
      if (conn.state === "Connected") {
        groups.delete(group); // refused (a private group without the right token): nothing to follow
        throw error;
      }
      // The connection dropped before the group was joined: the reconnection joins it, and unless the page's read
      // said where it stood, nothing tells what changed in between, so followers are told to refetch.
      const joining = groups.get(group);
      joining.resync = joining.last === null;
    }
  }
  return async () => {
    const entry = groups.get(group);
    entry?.callbacks.delete(callback);
    if (entry && entry.callbacks.size === 0) {
      groups.delete(group);
      if (conn.state === "Connected") await conn.invoke("Leave", group);
    }
  };
}

/**
 * Calls <listener> after every reconnection of the live connection (not its first start), once the followed groups caught
 * up; returns the function that stops it. A node's crash or restart looks like this to a page.
 */
export function onReconnect(listener) {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}
