// Fetching from the server: every request counts in `pending` (the page
// shows « Chargement… » while it is above zero, and tests wait for zero),
// and a failed one becomes an Error whose message a French reader can act
// on, taken from the server's problem+json detail when there is one.

let pending = 0;
const listeners = new Set();

function changed() {
  for (const f of listeners) f(pending);
}

// onPending calls f with the number of requests in flight at every change.
export function onPending(f) {
  listeners.add(f);
  f(pending);
}

export function pendingCount() {
  return pending;
}

// getJSON fetches url and returns its JSON body; what reads a response as
// GeoJSON asks for it by Accept. A request superseded by a newer one is
// aborted through signal and rejects with an AbortError the caller ignores.
export async function getJSON(url, { accept = "application/json", signal, what = "les données" } = {}) {
  pending++;
  changed();
  try {
    let res;
    try {
      res = await fetch(url, { headers: { Accept: accept }, signal });
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new Error(`Le serveur ne répond pas pour ${what} (${e.message}).`);
    }
    if (!res.ok) {
      let detail = "";
      try {
        const p = await res.json();
        detail = p.detail || p.title || "";
      } catch {
        // not a problem document: the status says enough
      }
      throw new Error(`Impossible de charger ${what} (HTTP ${res.status}${detail ? " : " + detail : ""}).`);
    }
    return await res.json();
  } finally {
    pending--;
    changed();
  }
}

// query builds a query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

// viewBBox is the map's view as a bbox parameter (west,south,east,north).
// A view wider than the world is cut to it.
export function viewBBox(map) {
  return viewBounds(map).map((x) => x.toFixed(4)).join(",");
}

// viewBounds is the map's view as [west, south, east, north], within the
// world's.
export function viewBounds(map) {
  const b = map.getBounds();
  return clampBounds([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
}

export function clampBounds([w, s, e, n]) {
  const clamp = (x, limit) => Math.max(-limit, Math.min(limit, x));
  return [clamp(w, 180), clamp(s, 90), clamp(e, 180), clamp(n, 90)];
}

export function emptyCollection() {
  return { type: "FeatureCollection", features: [] };
}

// BoundedCache keeps the promises of the latest `limit` answers by key,
// forgetting the least recently used: the page may stay open for a day of
// year, indicator and domain changes, each a new URL, and national answers
// weigh up to a megabyte. A failed answer is forgotten at once, so it is
// asked again next time.
export class BoundedCache {
  constructor(limit) {
    this.limit = limit;
    this.entries = new Map(); // key → promise, least recently used first
  }

  get size() {
    return this.entries.size;
  }

  has(key) {
    return this.entries.has(key);
  }

  // get returns the promise kept for key, or keeps and returns make()'s.
  get(key, make) {
    let p = this.entries.get(key);
    if (p) {
      this.entries.delete(key); // now the most recently used
    } else {
      p = make();
      p.catch(() => {
        if (this.entries.get(key) === p) this.entries.delete(key);
      });
    }
    this.entries.set(key, p);
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value);
    return p;
  }
}
