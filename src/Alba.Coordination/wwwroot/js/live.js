// One SignalR connection for the page. Pages follow groups and refetch what they show on every
// update; after a reconnection every follower refetches, since updates may have been missed.
import { t } from "./i18n.js";

const followers = new Map(); // group -> Set of callbacks
let connection;

function statusBadge(state) {
  const el = document.getElementById("live-status");
  if (!el) return;
  el.dataset.state = state;
  el.textContent = state === "connected" ? t("live") : state === "reconnecting" ? t("reconnecting") : t("offline");
}

function token() {
  return sessionStorage.getItem("alba.token") || "";
}

export async function connect() {
  if (connection) return connection;
  connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/live", { accessTokenFactory: token })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000])
    .build();
  connection.on("update", update => {
    for (const callback of followers.get(update.group) ?? []) callback(update);
  });
  connection.onreconnecting(() => statusBadge("reconnecting"));
  connection.onreconnected(async () => {
    statusBadge("connected");
    for (const group of followers.keys()) await connection.invoke("Join", group);
    // Whatever happened while we were away is unknown: every follower refetches.
    for (const [group, callbacks] of followers) for (const callback of callbacks) callback({ group, kind: "Reconnected" });
  });
  connection.onclose(() => statusBadge("offline"));
  await connection.start();
  statusBadge("connected");
  return connection;
}

/** Follows a group until the returned function is called. */
export async function follow(group, callback) {
  const conn = await connect();
  if (!followers.has(group)) {
    followers.set(group, new Set());
    await conn.invoke("Join", group);
  }
  followers.get(group).add(callback);
  return async () => {
    const set = followers.get(group);
    set?.delete(callback);
    if (set && set.size === 0) {
      followers.delete(group);
      if (conn.state === "Connected") await conn.invoke("Leave", group);
    }
  };
}
