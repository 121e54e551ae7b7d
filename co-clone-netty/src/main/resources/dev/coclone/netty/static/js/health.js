// Whether the server and its model can be reached, in words: "ready", "model unavailable" or
// "server unreachable · retrying in 4 s" with a Retry button. An unreachable server is asked again
// with a growing pause (1 s up to 8 s) until it answers, so the page recovers on its own; while it
// is reachable, /v1/info is asked every 15 s so the header never says "ready" for a server that went away.
// Both pages use it (the header's #status and #retry); a page may word "ready" its own way (describeReady).
"use strict";

const Health = (() => {
  let state = "connecting";   // connecting | ready | model-down | unreachable | logged-out | error
  let info = null;
  let retryTimer = null;
  let countdown = null;
  let backoff = 1;
  let readyText = () => "ready";
  const listeners = [];

  const el = (id) => document.getElementById(id);

  function set(next, detail) {
    const changed = next !== state;
    state = next;
    const status = el("status");
    status.dataset.state = next;
    el("retry").hidden = next !== "unreachable";
    if (next === "ready") status.textContent = readyText(info);
    else if (next === "model-down") status.textContent = "model unavailable";
    else if (next === "logged-out") status.textContent = "not logged in";
    else if (next === "error") status.textContent = "server error" + (detail ? ": " + detail : "");
    else if (next === "unreachable") status.textContent = "server unreachable" + (detail ? " · " + detail : "");
    if (changed) listeners.forEach((l) => l(next, info));
  }

  function schedule(seconds) {
    clearTimeout(retryTimer);
    clearInterval(countdown);
    let left = seconds;
    if (state === "unreachable") {
      set("unreachable", `retrying in ${left} s`);
      countdown = setInterval(() => {
        left = Math.max(0, left - 1);
        if (state === "unreachable") set("unreachable", left ? `retrying in ${left} s` : "retrying…");
      }, 1000);
    }
    retryTimer = setTimeout(() => check().catch(() => {}), seconds * 1000);
  }

  /** Asks /v1/info now; schedules the next check either way. */
  async function check() {
    clearTimeout(retryTimer);
    clearInterval(countdown);
    try {
      info = await CoClone.json("/v1/info");
      backoff = 1;
      set(info.status.available ? "ready" : "model-down");
      schedule(15);
    } catch (e) {
      if (CoClone.unreachable(e)) {
        info = null;
        set("unreachable");
        schedule(backoff);
        backoff = Math.min(8, backoff * 2);
      } else if (CoClone.loggedOut(e)) {
        // The server is up; this browser needs the login link (the page says so): asked again after a while.
        set("logged-out");
        schedule(15);
      } else {
        // An answer that is not the server's status (a refused token, a proxy's error page): said as it is.
        set("error", e.message);
        schedule(15);
      }
      throw e;
    }
    return info;
  }

  /** A request failed without an answer: the server is down until a check says otherwise. */
  function lost() {
    if (state === "unreachable") return;
    backoff = 1;
    set("unreachable");
    schedule(1);
  }

  el("retry").onclick = () => check().catch(() => {});

  return {
    check, lost,
    state: () => state,
    info: () => info,
    /** Calls l(state, info) whenever the state changes. */
    onChange: (l) => listeners.push(l),
    /** What the header says while ready: f(info) instead of "ready"; shown at once if ready now. */
    describeReady: (f) => {
      readyText = f;
      if (state === "ready") el("status").textContent = f(info);
    },
  };
})();
