// The speaking timer every screen shows (chair, projector, phones): counted from the turn's start as
// recorded by the server, against the session's limit. The limit is shown, never enforced.
import { t } from "../i18n.js";
import { esc } from "../api.js";

function clock(seconds) {
  const whole = Math.floor(Math.abs(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** The state of a turn now: elapsed and, under a limit, remaining seconds (negative once over time). */
export function turnClock(since, limitSeconds, now = Date.now()) {
  const elapsed = Math.max(0, (now - Date.parse(since)) / 1000);
  if (!limitSeconds) return { elapsed, overrun: false, text: clock(elapsed), label: clock(elapsed) };
  const remaining = limitSeconds - elapsed;
  const overrun = remaining < 0;
  return {
    elapsed, remaining, overrun,
    text: overrun ? `+${clock(remaining)}` : clock(remaining),
    label: overrun ? `${t("overrun")} +${clock(remaining)}` : `${clock(remaining)} ${t("remaining")}`,
  };
}

export function formatLimit(limitSeconds) {
  return limitSeconds ? clock(limitSeconds) : t("noLimit");
}

/**
 * Keeps every `[data-turn-since]` element under `root` counting: its text and `data-overrun` follow the turn's clock.
 * One interval for the page, cleared by the returned function; the elements are found afresh on each tick, so re-renders
 * need no new timer.
 */
export function tickTurns(root) {
  const tick = () => {
    for (const el of root.querySelectorAll("[data-turn-since]")) {
      const state = turnClock(el.dataset.turnSince, Number(el.dataset.turnLimit));
      const text = el.dataset.turnStyle === "short" ? state.text : state.label;
      if (el.textContent !== text) el.textContent = text;
      el.dataset.overrun = String(state.overrun);
    }
  };
  tick();
  const timer = setInterval(tick, 250);
  return () => clearInterval(timer);
}

/** The markup of a turn's counter (filled by tickTurns). */
export function turnCounter(speaker, limitSeconds, style = "long") {
  if (!speaker) return "";
  return `<span class="turn-clock" data-turn-since="${esc(speaker.since)}" data-turn-limit="${Number(limitSeconds) || 0}" data-turn-style="${style}" role="timer"></span>`;
}
