// Co-Clone page client: the login (the one-time token of the URL the server printed becomes a
// session cookie), tokens (renewed before expiry and on 401), streaming completions over
// server-sent events with AbortController, and small helpers.
"use strict";

/** The element with this id (every page's scripts use it). */
const $ = (id) => document.getElementById(id);

const CoClone = (() => {
  let token = null;
  let expiresAt = 0;
  let pending = null;
  let region = null;   // { url, location, alternatives } in multi-region mode
  const PAGE = { "X-CoClone-Page": "1" };
  const NOT_LOGGED_IN = "Not logged in: this browser has no session with this server. Open the page with the login " +
    "link the server printed at start (http://localhost:<port>/?login=...); a holder of a token gets another one " +
    "with POST /v1/login-link.";

  /**
   * Exchanges the URL's one-time ?login= token for the session cookie (HttpOnly, so this script
   * never sees it), and takes the token out of the address bar and the history. Until the server's
   * answer is read, the token is kept in this tab's sessionStorage with a random proof made here:
   * a page left before the answer (a click on a link, a reload) then makes the exchange again on
   * the next page, and the server, which spent the token when it answered, redeems it once more for
   * the same proof within a short grace. Resolves with null, or the server's message if the exchange
   * failed (a spent link: the cookie of an earlier login may still work).
   */
  async function logIn() {
    const params = new URLSearchParams(location.search);
    const login = params.get("login");
    let pending = pendingLogin();
    if (login !== null) {
      pending = { login, proof: pending && pending.login === login ? pending.proof : randomProof() };
      keepLogin(pending);
      params.delete("login");
      const query = params.toString();
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
    if (!pending) return null;
    const r = await fetch("/v1/login", { method: "POST", credentials: "same-origin",
      headers: Object.assign({ "Content-Type": "application/json" }, PAGE), body: JSON.stringify(pending) });
    // Answered: the cookie is set, or the link is refused for good. Kept after 429 or a 5xx (try again later).
    if (r.status !== 429 && r.status < 500) keepLogin(null);
    return r.ok ? null : errorText(r);
  }

  const LOGIN_KEY = "co-clone.login";

  /** The login exchange this tab started and has not seen answered, or null. */
  function pendingLogin() {
    try {
      const p = JSON.parse(sessionStorage.getItem(LOGIN_KEY));
      return p && typeof p.login === "string" && typeof p.proof === "string" ? p : null;
    } catch (e) {
      return null;
    }
  }

  function keepLogin(p) {
    try {
      if (p) sessionStorage.setItem(LOGIN_KEY, JSON.stringify(p));
      else sessionStorage.removeItem(LOGIN_KEY);
    } catch (e) {
      // Storage off: the exchange is made once, as before.
    }
  }

  /** 32 random bytes, base64url. */
  function randomProof() {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  const loggedIn = logIn().catch((e) => e.message);

  async function fetchToken() {
    const loginProblem = await loggedIn;
    const r = await fetch("/v1/page-token", { method: "POST", credentials: "same-origin", headers: PAGE });
    if (!r.ok) {
      let body = null;
      try {
        body = await r.json();
      } catch (e) {
        // not JSON (a proxy's error page): said by status below
      }
      const code = body && body.error && body.error.code;
      const said = (body && body.error && (body.error.message || body.error)) || r.status + " " + r.statusText;
      // No session cookie is not a server fault: said as what the user does about it.
      const err = new Error((code === "not_logged_in" ? NOT_LOGGED_IN : "could not get a token: " + said)
        + (loginProblem ? " (the login link: " + loginProblem + ")" : ""));
      err.status = r.status;
      err.code = code;
      throw err;
    }
    const j = await r.json();
    token = j.token;
    // Renew a minute before the server would refuse it.
    expiresAt = Date.now() + (j.expires_in - 60) * 1000;
    return token;
  }

  async function currentToken() {
    if (token && Date.now() < expiresAt) {
      return token;
    }
    if (!pending) {
      pending = fetchToken().finally(() => { pending = null; });
    }
    return pending;
  }

  async function errorText(r) {
    try {
      const j = await r.json();
      return (j.error && (j.error.message || j.error)) || r.statusText;
    } catch (e) {
      return r.status + " " + r.statusText;
    }
  }

  /** fetch with the token; on 401 the token is renewed once, silently. */
  async function call(path, options = {}, retry = true) {
    const headers = Object.assign({}, options.headers || {}, { Authorization: "Bearer " + (await currentToken()) });
    const r = await fetch(path, Object.assign({}, options, { headers }));
    if (r.status === 401 && retry) {
      token = null;
      return call(path, options, false);
    }
    return r;
  }

  /** GET (no body) or POST a JSON body; an optional AbortSignal cancels the request. */
  async function json(path, body, signal) {
    const r = await call(path, body === undefined ? { signal } : {
      method: "POST", signal, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (!r.ok) {
      const err = new Error(await errorText(r));
      err.status = r.status;
      throw err;
    }
    return r.json();
  }

  /** Sends completions to a region's proxy instead of this server (multi-region mode). */
  function useRegion(route, location) {
    region = route && route.url && new URL(route.url).origin !== location.origin ? route : null;
    if (region) region.location = location;
  }

  /**
   * The failover contract: try the routed region, then its alternatives in order; on a
   * connection failure or a 5xx from a proxy, move on to the next.
   */
  async function postToRegion(path, options) {
    const urls = [region.url].concat((region.alternatives || []).map((a) => a.url));
    let last = null;
    for (const base of urls) {
      try {
        const r = await call(base + path, Object.assign({}, options, { headers: Object.assign({},
          options.headers, { "X-CoClone-Location": region.location.label || "" }) }));
        if (r.status < 500) return r;
        last = new Error(await errorText(r));
      } catch (e) {
        if (e.name === "AbortError") throw e;
        last = e;
      }
    }
    throw last || new Error("no region answered");
  }

  /**
   * Streams a completion. Calls onToken(text) per piece; resolves with the final result; rejects
   * with an AbortError when the signal aborts, or an Error with the server's message.
   */
  async function complete(request, signal, onToken) {
    const options = {
      method: "POST", signal, headers: { "Content-Type": "application/json" },
      body: JSON.stringify(Object.assign({ stream: "sse" }, request)),
    };
    const r = region ? await postToRegion("/v1/complete", options) : await call("/v1/complete", options);
    if (!r.ok) {
      // A call that fails before its first token is answered with the error's status and code
      // (model_unreachable, model_model_not_found, ...), not an error event.
      let body = null;
      try {
        body = await r.json();
      } catch (e) {
        // not JSON (a proxy's error page)
      }
      const error = body && body.error;
      const err = new Error((error && (error.message || error)) || r.status + " " + r.statusText);
      err.status = r.status;
      err.code = error && error.code;
      throw err;
    }
    return readEvents(r, onToken, "the stream ended without a result");
  }

  /**
   * Reads a server-sent event stream: onToken(text) for each "token" event; resolves with the
   * "done" event's payload; rejects with the "error" event's message, or `ended` if neither came.
   */
  async function readEvents(r, onToken, ended) {
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        throw new Error(ended);
      }
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = "message";
        let data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data += line.slice(5).trim();
        }
        const payload = data ? JSON.parse(data) : {};
        if (event === "token") onToken(payload.text);
        else if (event === "done") return payload;
        else if (event === "error") throw new Error(payload.error.message);
      }
    }
  }

  /** Whether an error means this browser has no session (it never opened a login link, or the link was spent). */
  function loggedOut(e) {
    return Boolean(e) && e.code === "not_logged_in";
  }

  /** Whether an error means the server could not be reached at all (fetch's TypeError), not an HTTP answer. */
  function unreachable(e) {
    return e instanceof TypeError;
  }

  /** Why a completion came back empty, in words (the API's `reason` when it sends one). */
  function noSuggestion(result) {
    const embedded = "the embedded engine completes from patterns in your code; for whole functions from a " +
      "description, run with --backend ollama";
    if (result.reason) {
      return "no suggestion: " + result.reason + (result.backend === "embedded" ? ". Note: " + embedded : "");
    }
    if (result.backend === "embedded") return "no suggestion: " + embedded;
    return `no suggestion: ${result.model} had nothing to add here (finish: ${result.finish_reason})`;
  }

  /** "Context used: a.js:1-20 (same folder), ..." from a result's context snippets. */
  function contextUsed(result) {
    const list = (result.context || []).map((s) => `${s.path}${s.reason ? " (" + s.reason + ")" : ""}`);
    return "Context used: " + (list.length ? list.join(", ") : "none beyond the code around the cursor");
  }

  /**
   * What the embedded engine learned in the background, from `GET /v1/index`: `text` for a status bar
   * ("learned: maven 7 files, node 1 file"; "" when no corpus was learned) and `detail` with every
   * corpus, its state, files, tokens and reason, one a line.
   */
  function learnedSummary(index) {
    const corpora = index.corpora || [];
    const files = (n) => `${n} file${n === 1 ? "" : "s"}`;
    const ready = corpora.filter((c) => c.state === "ready");
    const byKind = new Map();
    ready.forEach((c) => byKind.set(c.kind, (byKind.get(c.kind) || 0) + c.files));
    const text = byKind.size ? "learned: " + [...byKind].map(([k, n]) => `${k} ${files(n)}`).join(", ") : "";
    const detail = corpora.map((c) => `${c.name}: ${c.state}` +
      (c.state === "skipped" ? "" : `, ${files(c.files)}, ${c.tokens} tokens`) + (c.reason ? ` (${c.reason})` : ""))
      .join("\n");
    return { text, detail };
  }

  return { call, json, complete, readEvents, errorText, currentToken, useRegion, unreachable, loggedOut, noSuggestion,
    contextUsed, learnedSummary };
})();
