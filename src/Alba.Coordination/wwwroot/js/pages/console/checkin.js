// The door desk: scans a badge's QR code with the camera (the browser's BarcodeDetector where there
// is one, jsQR otherwise) or takes a typed code, and checks the holder in. Every scan goes through the
// shared outbox with its own scanId and scan time, so a desk without network keeps scanning: the
// scans wait on the device and are sent in order when the network returns; a scan sent twice counts once.
import { api, apiResponse, esc, refresher } from "../../api.js";
import { follow, livePosition } from "../../live.js";
import { outbox } from "../../outbox.js";
import { t, formatNumber, formatTime } from "../../i18n.js";
import { requireRole } from "./access.js";
import "../../texts/console.js";

const STATION = "alba.station";
/** The same badge held in front of the camera is read many times a second: one scan per code in this window. */
const REPEAT_WINDOW_MS = 4000;

export async function checkInDesk(root, assemblyId) {
  if (!requireRole("organiser")) return;
  const assembly = await api(`/api/assemblies/${assemblyId}`);
  root.innerHTML = `<h1>${t("checkInDesk")}: ${esc(assembly.title)}</h1>
    <p><a href="/console/assemblies/${esc(assemblyId)}" data-link>${t("backToAssembly")}</a></p>
    <section class="card"><div class="stats">
      <div class="stat" data-figure="checkedIn"><b id="checked-in">–</b>${t("checkedIn")}</div>
      <div class="stat" data-figure="waiting"><b id="waiting-count">0</b>${t("scansWaiting")}</div></div>
      <p id="waiting" class="console-waiting" role="status" data-waiting="0"></p></section>
    <section class="card"><form id="code-form" class="stack narrow" novalidate>
        <label for="station">${t("station")}</label><input id="station" name="station" required>
        <label for="credential-code">${t("typedCode")}</label><input id="credential-code" name="code" autocomplete="off" autocapitalize="characters">
        <button class="primary" type="submit">${t("checkIn")}</button>
      </form>
      <div class="row console-camera"><button type="button" id="camera-start">${t("startCamera")}</button>
        <button type="button" id="camera-stop" hidden>${t("stopCamera")}</button></div>
      <video id="camera" class="console-video" muted playsinline hidden></video>
      <p id="camera-error" class="error" role="alert"></p></section>
    <section class="card"><h2>${t("lastScans")}</h2><ul class="list" id="scans" aria-live="polite"></ul>
      <h2>${t("refusedScans")}</h2><ul class="list" id="refused"></ul></section>`;

  const form = root.querySelector("#code-form");
  form.elements.station.value = localStorage.getItem(STATION) || t("defaultStation");
  form.elements.station.addEventListener("change", () => localStorage.setItem(STATION, form.elements.station.value.trim()));
  const scans = root.querySelector("#scans");
  const box = outbox(`check-ins:${assemblyId}`);

  const scan = code => {
    const credentialCode = code.trim();
    if (!credentialCode) return;
    // The scan's identity and time are fixed here, at the door: sent late or twice, it is still this one scan.
    return box.add({ path: `/api/assemblies/${assemblyId}/check-ins`, label: credentialCode.slice(-4),
      body: { credentialCode, station: form.elements.station.value.trim() || t("defaultStation"), scannedAt: new Date().toISOString(), scanId: crypto.randomUUID() } });
  };

  const stopListening = box.onChange(({ waiting, refused, sent }) => {
    const count = waiting.length;
    root.querySelector("#waiting-count").textContent = formatNumber(count);
    const note = root.querySelector("#waiting");
    note.dataset.waiting = count;
    note.textContent = count ? `${formatNumber(count)} ${t("scansWaitingLong")}` : "";
    for (const item of sent) {
      const li = document.createElement("li");
      if (item.refusal) {
        li.className = "console-refusal";
        li.innerHTML = `<b>✗ ${esc(item.refusal)}</b>`;
      } else {
        const a = item.answer;
        li.className = "console-admitted";
        li.innerHTML = `<b>✓ ${esc(a.fullName)}</b> · ${esc(a.movementName)} · ${t("role_" + a.role)}<br>
          <span class="muted">${a.changed ? t("checkedInNow") : t("alreadyCheckedIn")} ${formatTime(a.checkedInAt)} · ${esc(a.station)}</span>`;
      }
      scans.prepend(li);
    }
    root.querySelector("#refused").innerHTML = refused.map(item => `<li>${esc(item.refusal)} · …${esc(item.label)}
      <button type="button" data-dismiss="${esc(item.key)}">${t("dismiss")}</button></li>`).join("") || `<li class="muted">${t("none")}</li>`;
  });
  root.querySelector("#refused").addEventListener("click", event => {
    const key = event.target.closest("[data-dismiss]")?.dataset.dismiss;
    if (key) box.dismiss(Number(key));
  });

  form.addEventListener("submit", async event => {
    event.preventDefault();
    const input = form.elements.code;
    const code = input.value;
    input.value = "";
    input.focus();
    await scan(code);
  });

  const camera = cameraScanner(root, code => scan(code));
  const attendance = refresher(async () => {
    try {
      const read = await apiResponse(`/api/assemblies/${assemblyId}/attendance`);
      root.querySelector("#checked-in").textContent = formatNumber(read.body.checkedIn);
      return livePosition(read);
    } catch { /* offline: the figure stays as it was */ return null; }
  });
  const position = await attendance();
  box.flush();
  // Besides the browser's "online" event (not every network comes back with one): retry what waits.
  const retry = setInterval(() => { if (navigator.onLine) box.flush(); }, 10_000);
  const unfollow = await follow(`assembly:${assemblyId}`, () => attendance(), position).catch(() => null);
  return async () => {
    clearInterval(retry);
    camera.stop();
    stopListening();
    box.close();
    if (unfollow) await unfollow();
  };
}

/** Reads QR codes from the device camera and hands each new one to `found`. */
function cameraScanner(root, found) {
  const video = root.querySelector("#camera");
  const start = root.querySelector("#camera-start");
  const stop = root.querySelector("#camera-stop");
  const error = root.querySelector("#camera-error");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let stream = null, timer = null, detector = null;
  const recent = new Map();

  const read = async () => {
    if (!stream || video.readyState < 2) return;
    let text = null;
    if (detector) {
      text = (await detector.detect(video).catch(() => []))[0]?.rawValue ?? null;
    } else {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      text = window.jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height, { inversionAttempts: "dontInvert" })?.data ?? null;
    }
    const now = Date.now();
    if (!text || now - (recent.get(text) ?? 0) < REPEAT_WINDOW_MS) return;
    recent.set(text, now);
    found(text);
  };

  const halt = () => {
    clearInterval(timer);
    stream?.getTracks().forEach(track => track.stop());
    stream = null;
    video.hidden = true;
    start.hidden = false;
    stop.hidden = true;
  };

  start.addEventListener("click", async () => {
    error.textContent = "";
    try {
      if ("BarcodeDetector" in window && (await BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
        detector = new BarcodeDetector({ formats: ["qr_code"] });
      } else if (!window.jsQR) {
        await loadScript("/lib/jsqr.js");
      }
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      start.hidden = true;
      stop.hidden = false;
      timer = setInterval(read, 200);
    } catch (failure) {
      halt();
      error.textContent = `${t("cameraFailed")} (${failure.message})`;
    }
  });
  stop.addEventListener("click", halt);
  return { stop: halt };
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(src));
    document.head.append(script);
  });
}
