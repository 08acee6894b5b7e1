// The site drawn as the chain or ring it is (SVG), from the MAP walk of the
// SMC holding the console: side B's SMCs, that SMC, side A's, and the SMCs
// of the site file the walk did not reach put where the walk broke off.
// In that order the cable between neighbours X, Y always joins X's link A
// to Y's link B (and, closing a ring, the last one's A to the first's B).

const NS = "http://www.w3.org/2000/svg";

/** The drawing order, the kind of site, and which SMCs the walk reached. */
export function siteOrder(ids, map, cabledRing) {
  if (!map) return { order: ids.slice(), kind: "unknown", reached: new Set(), entries: new Map() };
  const entries = new Map();
  for (const e of map.entries) if (e.id !== null && !entries.has(e.id)) entries.set(e.id, e);
  const self = map.entries.find((e) => e.side === "self");
  const side = (s) => map.entries.filter((e) => e.side === s);
  const a = side("A").filter((e) => e.id !== null).map((e) => e.id);
  const seenA = new Set(a);
  const b = side("B").filter((e) => e.id !== null && !seenA.has(e.id)).map((e) => e.id);
  const endA = a.length ? entries.get(a[a.length - 1]).links.A : self && self.links.A;
  const endB = b.length ? entries.get(b[b.length - 1]).links.B : self && self.links.B;
  const deadA = endA === "down" || side("A").some((e) => e.id === null);
  const deadB = endB === "down" || side("B").some((e) => e.id === null);
  const reached = new Set(entries.keys());
  const missing = ids.filter((id) => !reached.has(id));
  const mid = self ? [self.id] : [];
  let order;
  if (map.ring) order = [...mid, ...a];
  else if (deadA || !deadB) order = [...b.reverse(), ...mid, ...a, ...missing];
  else order = [...missing, ...b.reverse(), ...mid, ...a];
  // A walk that broke off on both sides, or one the site file says is a ring: a ring with a gap.
  const kind = map.ring ? "ring" : (deadA && deadB) || (cabledRing && missing.length) ? "broken ring" : "chain";
  return { order, kind, reached, entries };
}

/** The state of the cable from x (its link A) to y (its link B): up, cut, dead (an end not reached), unknown. */
export function linkState(site, x, y) {
  if (site.kind === "unknown") return "unknown";
  if (!site.reached.has(x) || !site.reached.has(y)) return "dead";
  const la = site.entries.get(x).links.A;
  const lb = site.entries.get(y).links.B;
  if (la === "up" && lb === "up") return "up";
  if (la === "down" || lb === "down") return "cut";
  return "unknown";
}

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const k in attrs) e.setAttribute(k, String(attrs[k]));
  if (text !== undefined) e.textContent = text;
  return e;
}

const LINK_WORDS = { up: "link up", cut: "link down (cut cable, or a dead SMC behind it)", dead: "no answer beyond: an SMC not reached", unknown: "not known yet" };

/**
 * Draws `state` into `svg`; `onSelect(id)` when an SMC is chosen (click,
 * Enter or Space: each SMC is a focusable button).
 */
export function drawSite(svg, state, selected, onSelect) {
  const ids = state.site.ids;
  const site = siteOrder(ids, state.map, state.site.ring);
  const closed = site.kind === "ring" || site.kind === "broken ring";
  const n = site.order.length;
  const pos = [];
  let w;
  let h;
  if (closed) {
    const r = Math.max(110, n * 18);
    w = 2 * r + 140;
    h = 2 * r + 110;
    // The SMC holding the console at the top, side A clockwise.
    const top = Math.max(0, site.order.indexOf(state.map ? state.map.head : site.order[0]));
    for (let k = 0; k < n; k++) {
      const t = -Math.PI / 2 + (2 * Math.PI * (k - top)) / n;
      pos.push([w / 2 + r * Math.cos(t), h / 2 + r * Math.sin(t)]);
    }
  } else {
    w = Math.max(300, 60 + n * 90);
    h = 170;
    for (let k = 0; k < n; k++) pos.push([60 + k * 90, 80]);
  }
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("data-kind", site.kind);
  const status = new Map((state.status || []).map((s) => [s.id, s]));
  const auth = new Set(state.call.authenticated);
  const pairs = [];
  for (let k = 0; k + 1 < n; k++) pairs.push([k, k + 1]);
  if (closed && n > 2) pairs.push([n - 1, 0]);
  for (const [i, j] of pairs) {
    const x = site.order[i];
    const y = site.order[j];
    const st = linkState(site, x, y);
    const g = el("g", { class: `link ${st}`, "data-link": `${x}-${y}` });
    g.append(el("title", {}, `cable SMC ${x} (A) to SMC ${y} (B): ${LINK_WORDS[st]}`));
    g.append(el("line", { x1: pos[i][0], y1: pos[i][1], x2: pos[j][0], y2: pos[j][1] }));
    if (st === "cut" || st === "dead") {
      const mx = (pos[i][0] + pos[j][0]) / 2;
      const my = (pos[i][1] + pos[j][1]) / 2;
      g.append(el("text", { x: mx, y: my + 7, class: "cross", "text-anchor": "middle" }, "✕"));
    }
    svg.append(g);
  }
  site.order.forEach((id, k) => {
    const s = status.get(id);
    const reached = site.kind === "unknown" ? s !== undefined && s.outcome === "done" : site.reached.has(id);
    const dead = site.kind !== "unknown" && !reached;
    const hot = s && s.inputsWithRange && s.inputsWithRange.some((i) => i.state === "high" || i.state === "alarm");
    const cls = ["smc", dead ? "dead" : reached ? "reached" : "unknown", auth.has(id) ? "auth" : "", s && s.power === "ON" ? "on" : "", s && s.power === "OFF" ? "off" : "", hot ? "hot" : "", id === selected ? "selected" : ""];
    const words = dead
      ? "not reached: dead, or cut off by a dead link"
      : `${s && s.power ? "power " + s.power : "power not read yet"}${auth.has(id) ? ", authenticated in this call" : ", not authenticated"}${hot ? ", an input in alarm" : ""}`;
    const g = el("g", { class: cls.filter(Boolean).join(" "), "data-id": id, "data-key": `smc-${id}`, tabindex: 0, role: "button", "aria-label": `SMC ${id}: ${words}` });
    g.append(el("title", {}, `SMC ${id}: ${words}`));
    const [cx, cy] = pos[k];
    g.append(el("circle", { cx, cy, r: 28 }));
    if (dead) {
      g.append(el("line", { x1: cx - 16, y1: cy - 16, x2: cx + 16, y2: cy + 16, class: "x" }));
      g.append(el("line", { x1: cx - 16, y1: cy + 16, x2: cx + 16, y2: cy - 16, class: "x" }));
    }
    g.append(el("text", { x: cx, y: cy + 7, "text-anchor": "middle", class: "id" }, String(id)));
    const under = dead ? "dead" : s && s.power ? s.power : "";
    if (under) g.append(el("text", { x: cx, y: cy + 48, "text-anchor": "middle", class: "under" }, under));
    if (auth.has(id)) g.append(el("text", { x: cx + 22, y: cy - 20, "text-anchor": "middle", class: "badge" }, "✓"));
    const choose = () => onSelect(id);
    g.addEventListener("click", choose);
    g.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        choose();
      }
    });
    svg.append(g);
  });
  const head = state.map && state.map.head;
  return `${site.kind === "unknown" ? "the site's SMCs (refresh to read the map)" : `${site.kind} of ${ids.length} seen from SMC ${head}`}${site.kind !== "unknown" && site.reached.size < ids.length ? `; not reached: SMC ${ids.filter((i) => !site.reached.has(i)).join(", ")}` : ""}`;
}
