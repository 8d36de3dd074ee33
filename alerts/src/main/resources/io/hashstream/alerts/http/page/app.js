// The moderation live view: polls the look-up API and renders actions and clusters.
// Text goes in with textContent only: ids and details come from uploads and moderators.
"use strict";

const REFRESH_MS = 2000;
const tenantFilter = new URLSearchParams(window.location.search).get("tenant");
let lastActions = "";
let lastClusters = "";

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

function thumb(tenant, image) {
  const q = new URLSearchParams({ tenant: tenant, image: image, fallback: "placeholder" });
  return el("img", { class: "thumb", alt: image, title: image, src: "/api/v1/thumbnail?" + q.toString() });
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
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(path.split("?")[0] + " answered " + response.status);
  return { served: response.headers.get("X-Served-By"), body: await response.json() };
}

async function refresh() {
  const status = document.getElementById("status");
  try {
    const [actions, clusters] = await Promise.all([
      getJson("/api/v1/actions?" + query({ limit: 50 })),
      getJson("/api/v1/clusters?" + query({ limit: 20 })),
    ]);
    const a = JSON.stringify(actions.body.actions);
    if (a !== lastActions) { lastActions = a; renderActions(actions.body.actions); }
    const c = JSON.stringify(clusters.body.clusters);
    if (c !== lastClusters) { lastClusters = c; renderClusters(clusters.body.clusters); }
    const partial = actions.body.partial || clusters.body.partial ? " (some instances did not answer)" : "";
    status.textContent = (tenantFilter ? "tenant " + tenantFilter + " · " : "") + "updated "
      + new Date().toLocaleTimeString() + " from " + actions.served + partial;
  } catch (e) {
    status.textContent = "cannot refresh: " + e.message + " (retrying)";
  } finally {
    window.setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
