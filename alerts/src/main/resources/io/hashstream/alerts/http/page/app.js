// The moderation live view: polls the look-up API and renders actions and clusters.
// Text goes in with textContent only: ids and details come from uploads and moderators.
// The access token (if the service asks for one) lives in sessionStorage and goes out only in the
// Authorization header, never in an address; thumbnails are fetched with it and shown from blob:
// URLs. Thumbnails of blocked content are obscured until the moderator clicks one.
"use strict";

const REFRESH_MS = 2000;
const TOKEN_KEY = "hashstream.token";
const MAX_CACHED_THUMBS = 400;
const tenantFilter = new URLSearchParams(window.location.search).get("tenant");
const thumbCache = new Map(); // "tenant/image/view" -> Promise of an object URL (or null)
const revealed = new Set(); // "tenant/image" the moderator chose to see
let blocked = new Set(); // "tenant/image" of blocked uploads and the banked images they matched
let lastActions = "";
let lastClusters = "";
let timer = null;

class Unauthorized extends Error {}

function token() {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

function headers(accept) {
  const h = { Accept: accept };
  const t = token();
  if (t) h.Authorization = "Bearer " + t;
  return h;
}

function query(params) {
  const q = new URLSearchParams();
  if (tenantFilter) q.set("tenant", tenantFilter);
  for (const [k, v] of Object.entries(params)) q.set(k, v);
  return q.toString();
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child == null ? "" : String(child)));
  }
  return node;
}

function thumbUrl(tenant, image, obscured) {
  const key = tenant + "/" + image + "/" + (obscured ? "obscured" : "clear");
  if (!thumbCache.has(key)) {
    if (thumbCache.size >= MAX_CACHED_THUMBS) {
      const [oldest, url] = thumbCache.entries().next().value;
      thumbCache.delete(oldest);
      url.then((u) => u && URL.revokeObjectURL(u));
    }
    const params = { tenant: tenant, image: image, fallback: "placeholder" };
    if (obscured) params.view = "obscured";
    thumbCache.set(key, fetch("/api/v1/thumbnail?" + new URLSearchParams(params).toString(),
      { headers: headers("image/*") })
      .then((r) => (r.ok ? r.blob() : null))
      .then((b) => (b ? URL.createObjectURL(b) : null))
      .catch(() => null));
  }
  return thumbCache.get(key);
}

function thumb(tenant, image) {
  const id = tenant + "/" + image;
  const obscured = blocked.has(id) && !revealed.has(id);
  const img = el("img", {
    class: "thumb" + (obscured ? " obscured" : ""), alt: image,
    title: obscured ? image + " (blocked content: click to reveal)" : image,
    "data-tenant": tenant, "data-image": image,
  });
  thumbUrl(tenant, image, obscured).then((url) => { if (url) img.src = url; });
  if (obscured) {
    img.tabIndex = 0;
    const reveal = () => {
      revealed.add(id);
      img.classList.remove("obscured");
      img.title = image;
      thumbUrl(tenant, image, false).then((url) => { if (url) img.src = url; });
    };
    img.addEventListener("click", reveal, { once: true });
    img.addEventListener("keydown", (e) => { if (e.key === "Enter") reveal(); }, { once: true });
  }
  return img;
}

// A bank entry is a hash from a list: there is no image of it, so no thumbnail either.
function matched(a) {
  if (!a.matchId) return "";
  if (a.bankContentId != null) {
    return el("span", { class: "entry", title: "bank content id " + a.bankContentId },
      el("span", { class: "no-thumb" }, "bank entry: no image"), a.matchId);
  }
  return el("span", {}, thumb(a.tenant, a.matchId), a.matchId);
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}

function renderActions(actions) {
  const body = document.querySelector("#actions tbody");
  body.replaceChildren(...actions.map((a) =>
    el("tr", { "data-action-id": a.actionId, "data-image-id": a.imageId },
      el("td", { title: a.decidedAt }, time(a.decidedAt)),
      el("td", {}, el("span", { class: "badge " + a.action }, a.action)),
      el("td", {}, thumb(a.tenant, a.imageId), a.tenant + "/" + a.imageId),
      el("td", {}, matched(a)),
      el("td", {}, a.signal || ""),
      el("td", {}, a.distance == null ? "" : a.distance),
      el("td", {}, a.bank || ""),
      el("td", {}, a.clusterId || ""),
      el("td", { class: "detail" }, a.detail || ""))));
  document.getElementById("no-actions").classList.toggle("hidden", actions.length > 0);
}

function renderClusters(clusters) {
  const box = document.getElementById("clusters");
  box.replaceChildren(...clusters.map((c) =>
    el("div", { class: "cluster" + (c.quarantinedUntil ? " quarantined" : ""), "data-cluster-id": c.clusterId },
      el("h3", {}, c.clusterId + " · " + c.tenant),
      el("div", {}, c.size + " members · active " + time(c.lastActiveAt)
        + (c.quarantinedUntil ? " · FLOOD: quarantined until " + time(c.quarantinedUntil)
          + ", " + c.withheldActions + " actions withheld" : "")),
      el("div", { class: "members" }, ...c.latestMembers.map((m) => thumb(c.tenant, m))))));
  document.getElementById("no-clusters").classList.toggle("hidden", clusters.length > 0);
}

async function getJson(path) {
  const response = await fetch(path, { headers: headers("application/json") });
  if (response.status === 401) throw new Unauthorized();
  if (!response.ok) throw new Error(path.split("?")[0] + " answered " + response.status);
  return { served: response.headers.get("X-Served-By"), body: await response.json() };
}

function blockedIds(actions) {
  const ids = new Set();
  for (const a of actions) {
    if (a.action === "BLOCK") {
      ids.add(a.tenant + "/" + a.imageId);
      if (a.matchId) ids.add(a.tenant + "/" + a.matchId);
    }
  }
  return ids;
}

function showLogin(message) {
  document.getElementById("live").classList.add("hidden");
  document.getElementById("login").classList.remove("hidden");
  document.getElementById("sign-out").classList.add("hidden");
  document.getElementById("login-error").textContent = message || "";
  document.getElementById("status").textContent = "signed out";
  document.getElementById("token").focus();
}

function showLive() {
  document.getElementById("login").classList.add("hidden");
  document.getElementById("live").classList.remove("hidden");
  document.getElementById("sign-out").classList.toggle("hidden", !token());
}

async function refresh() {
  const status = document.getElementById("status");
  timer = null;
  try {
    const [actions, clusters] = await Promise.all([
      getJson("/api/v1/actions?" + query({ limit: 50 })),
      getJson("/api/v1/clusters?" + query({ limit: 20 })),
    ]);
    showLive();
    blocked = new Set([...blocked, ...blockedIds(actions.body.actions)]);
    const a = JSON.stringify(actions.body.actions);
    if (a !== lastActions) { lastActions = a; renderActions(actions.body.actions); }
    const c = JSON.stringify(clusters.body.clusters);
    if (c !== lastClusters) { lastClusters = c; renderClusters(clusters.body.clusters); }
    const partial = actions.body.partial || clusters.body.partial ? " (some instances did not answer)" : "";
    status.textContent = (tenantFilter ? "tenant " + tenantFilter + " · " : "") + "updated "
      + new Date().toLocaleTimeString() + " from " + actions.served + partial;
  } catch (e) {
    if (e instanceof Unauthorized) {
      const hadToken = token() !== null;
      window.sessionStorage.removeItem(TOKEN_KEY);
      showLogin(hadToken ? "That token was not accepted." : "");
      return; // polling resumes after signing in
    }
    status.textContent = "cannot refresh: " + e.message + " (retrying)";
  }
  timer = window.setTimeout(refresh, REFRESH_MS);
}

function signOut() {
  window.sessionStorage.removeItem(TOKEN_KEY);
  for (const url of thumbCache.values()) url.then((u) => u && URL.revokeObjectURL(u));
  thumbCache.clear();
  revealed.clear();
  lastActions = "";
  lastClusters = "";
  document.querySelector("#actions tbody").replaceChildren();
  document.getElementById("clusters").replaceChildren();
  if (timer !== null) window.clearTimeout(timer);
  showLogin("");
}

document.getElementById("login").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = document.getElementById("token");
  window.sessionStorage.setItem(TOKEN_KEY, input.value.trim());
  input.value = "";
  if (timer !== null) window.clearTimeout(timer);
  refresh();
});
document.getElementById("sign-out").addEventListener("click", signOut);

refresh();
