// The page: renders the console program's state document (api/state, then
// every "state" server-sent event) and sends actions (POST api/<action>).
// No framework: the DOM, fetch and EventSource. Every URL is relative, so
// each carries the token of the page's own address.
import { drawSite } from "./site.js";

const $ = (id) => document.getElementById(id);
let state = null;
let selected = null;
let lastError = null;

const PHASE = {
  idle: () => "no call",
  dialling: (c) => (c.dialled ? `dialling ${c.dialled}…` : `opening ${c.where}…`),
  connected: (c) => (c.rate ? `connected at ${c.rate} bit/s (${c.connect})` : `connected (${c.where}, no modem)`),
  lost: (c) => `the call dropped: ${c.lost}`,
  "hung-up": (c) => `hung up (${c.hangup.join(", ")})`,
  failed: (c) => `no call: ${c.lost}`,
};

function text(tag, t, cls) {
  const e = document.createElement(tag);
  e.textContent = t;
  if (cls) e.className = cls;
  return e;
}

/** Re-rendering replaces the SVG's and the table's elements: the keyboard's focus is kept by its data-key. */
function render() {
  if (!state) return;
  const focused = document.activeElement && document.activeElement.getAttribute && document.activeElement.getAttribute("data-key");
  paint();
  if (focused) {
    const again = document.querySelector(`[data-key="${focused}"]`);
    if (again && again !== document.activeElement) again.focus();
  }
}

function paint() {
  const c = state.call;
  $("site-name").textContent = state.site.name;
  const call = $("call");
  call.textContent = PHASE[c.phase](c);
  call.className = `call ${c.phase}`;
  call.dataset.phase = c.phase;
  const busy = $("busy");
  busy.hidden = !state.busy;
  busy.textContent = state.busy ? `running: ${state.busy}…` : "";
  for (const b of document.querySelectorAll("nav button:not(#theme), #actions button, #log-box button")) b.disabled = !!state.busy;
  $("hangup").disabled = !!state.busy || c.phase !== "connected";
  $("login-kind").textContent = `(login: ${state.login})`;
  const report = $("report");
  const notes = $("notes");
  notes.replaceChildren();
  if (lastError) {
    report.textContent = lastError;
    report.className = "report bad";
  } else if (state.last) {
    report.textContent = state.last.text;
    report.className = `report ${state.last.outcome === "done" ? "ok" : "bad"}`;
    for (const n of state.last.notes) notes.append(text("li", n));
  }
  $("site-words").textContent = drawSite($("site"), state, selected, select);
  renderServers();
  renderSmc();
}

function renderServers() {
  const body = $("servers").tBodies[0];
  body.replaceChildren();
  const rows = state.status || state.site.ids.map((id) => ({ id, outcome: "not-attempted", cells: [String(id), "-", "-", "-", "-", "-", "-", "not read yet"] }));
  for (const s of rows) {
    const tr = document.createElement("tr");
    tr.dataset.id = s.id;
    if (s.id === selected) tr.className = "selected";
    const cells = s.cells;
    const idCell = document.createElement("td");
    const pick = text("button", cells[0], "pick");
    pick.type = "button";
    pick.setAttribute("aria-label", `choose SMC ${s.id}`);
    pick.setAttribute("data-key", `pick-${s.id}`);
    pick.addEventListener("click", () => select(s.id));
    idCell.append(pick);
    tr.append(idCell);
    tr.append(text("td", cells[1], cells[1] === "ON" ? "on" : cells[1] === "OFF" ? "off" : ""));
    tr.append(text("td", cells[2]), text("td", cells[3]));
    const inputs = document.createElement("td");
    inputs.append(text("span", cells[4], cells[4].startsWith("ok") || cells[4] === "-" ? "sum" : "sum bad"));
    if (s.inputsWithRange && s.inputsWithRange.length) {
      const ul = document.createElement("ul");
      for (const i of s.inputsWithRange) ul.append(text("li", `${i.name} ${i.value} ${i.state}${i.range ? ` (${i.range})` : ""}`, i.state === "ok" ? "" : "bad"));
      inputs.append(ul);
    }
    tr.append(inputs);
    tr.append(text("td", cells[5], / down|^down|:down/.test(cells[5]) ? "links bad" : "links"));
    tr.append(text("td", cells[6]));
    tr.append(text("td", s.lastEnd || "-"));
    tr.append(text("td", cells[7], cells[7] === "ok" ? "result ok" : "result bad"));
    body.append(tr);
  }
}

function renderSmc() {
  const has = selected !== null;
  $("smc-h").textContent = has ? `SMC ${selected}` : "Choose an SMC";
  $("actions").hidden = !has;
  const log = state.log && state.log.id === selected ? state.log : null;
  $("log-box").hidden = !has;
  const body = $("log").tBodies[0];
  body.replaceChildren();
  if (!log) {
    $("log-count").textContent = has ? "not read yet" : "";
    return;
  }
  $("follow").checked = log.following;
  $("older").disabled = !!state.busy || !log.older;
  $("log-count").textContent = `${log.records.length} shown${log.total !== null ? ` of ${log.total}` : ""}`;
  for (const r of log.records) {
    const tr = document.createElement("tr");
    tr.dataset.seq = r.seq;
    tr.append(text("td", String(r.seq)), text("td", r.time || `${(r.uptimeMs / 1000).toFixed(3)}s`), text("td", r.code), text("td", r.text));
    body.append(tr);
  }
}

async function act(name, body = {}) {
  lastError = null;
  let res;
  try {
    res = await fetch(`api/${name}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch (e) {
    lastError = `the console program cannot be reached (${e.message}): is smc-console web still running?`;
    return render();
  }
  const doc = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) lastError = `${name}: ${doc.error}`;
  render();
}

function select(id) {
  selected = id;
  render();
  if (!state.log || state.log.id !== id) act("log", { id, follow: $("follow").checked });
}

const WORDS = { on: "Power on", off: "Power off", cycle: "Power cycle", reset: "Reset" };

/** Asks, naming the server; resolves whether the person said yes. */
function confirmAction(what, id) {
  const d = $("confirm");
  $("confirm-q").textContent = `${WORDS[what]} the server behind SMC ${id}?`;
  $("confirm-yes").textContent = `${WORDS[what]} SMC ${id}`;
  d.returnValue = "";
  return new Promise((resolve) => {
    d.addEventListener("close", () => resolve(d.returnValue === "yes"), { once: true });
    d.showModal();
  });
}

function wire() {
  $("login").addEventListener("click", () => act("login"));
  $("refresh").addEventListener("click", () => act("refresh"));
  $("hangup").addEventListener("click", () => act("hangup"));
  for (const b of document.querySelectorAll("[data-power]"))
    b.addEventListener("click", async () => {
      const a = b.dataset.power;
      const id = selected;
      if (a === "state") return act("power", { id, action: a });
      if (await confirmAction(a, id)) act("power", { id, action: a, confirm: id });
    });
  document.querySelector("[data-reset]").addEventListener("click", async () => {
    const id = selected;
    if (await confirmAction("reset", id)) act("reset", { id, confirm: id });
  });
  $("reload-log").addEventListener("click", () => act("log", { id: selected, follow: $("follow").checked }));
  $("older").addEventListener("click", () => act("log", { id: selected, older: true }));
  $("follow").addEventListener("change", () => act("log", { id: selected, follow: $("follow").checked }));
  const theme = $("theme");
  const setTheme = (dark) => {
    document.documentElement.dataset.theme = dark ? "dark" : "light";
    theme.setAttribute("aria-pressed", String(dark));
    theme.textContent = dark ? "Light theme" : "Dark theme";
    try {
      localStorage.setItem("smc-console-theme", dark ? "dark" : "light");
    } catch {}
  };
  let saved = null;
  try {
    saved = localStorage.getItem("smc-console-theme");
  } catch {}
  setTheme(saved ? saved === "dark" : matchMedia("(prefers-color-scheme: dark)").matches);
  theme.addEventListener("click", () => setTheme(document.documentElement.dataset.theme !== "dark"));
}

function listen() {
  const es = new EventSource("api/events");
  es.addEventListener("state", (e) => {
    state = JSON.parse(e.data);
    document.body.dataset.ready = "1";
    if (lastError && lastError.startsWith("the console program")) lastError = null;
    render();
  });
  es.addEventListener("error", () => {
    if (es.readyState !== EventSource.OPEN) {
      lastError = "the console program cannot be reached: is smc-console web still running? (trying again)";
      render();
    }
  });
}

wire();
listen();
