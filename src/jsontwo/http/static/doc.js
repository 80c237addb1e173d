// The API documentation pages: the model search, the call examples (curl,
// Python, JavaScript) made from the method and body chosen, and the "try it"
// form, which sends the call to /json/2 with the key the user pastes. The key
// stays in the page: nothing stores it, and it goes nowhere but /json/2.
// (The copy buttons are account.js's.)
"use strict";

document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  setUpModelFilter();
  const data = readCallData();
  if (data) setUpCall(data);
});

// --- the list of models --------------------------------------------------------

function setUpModelFilter() {
  const input = document.getElementById("model-filter");
  const list = document.getElementById("model-list");
  const none = document.getElementById("model-none");
  if (!input || !list) return;
  const filter = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of list.children) {
      const text = item.dataset.search || "";
      const match = words.every((word) => text.includes(word));
      item.hidden = !match;
      if (match) shown += 1;
    }
    if (none) none.hidden = shown > 0;
  };
  input.addEventListener("input", filter);
  // the model shown is in view in the list, without moving the page
  const current = list.querySelector('[aria-current="page"]');
  const box = list.closest(".doc-models");
  if (current && box) box.scrollTop = current.offsetTop - box.clientHeight / 2;
  // Enter opens the first model shown
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const first = [...list.children].find((item) => !item.hidden);
    const link = first && first.querySelector("a");
    if (link) link.click();
  });
  filter();
}

// --- the call form and its examples ------------------------------------------

function readCallData() {
  const node = document.getElementById("call-data");
  if (!node) return null;
  try {
    return JSON.parse(node.textContent);
  } catch (_error) {
    return null;
  }
}

function setUpCall(data) {
  const select = document.getElementById("call-method");
  const body = document.getElementById("call-body");
  const show = () => renderExamples(data, select.value, body.value);
  const choose = (method) => {
    select.value = method;
    body.value = pretty(data.bodies[method] || {});
    const url = new URL(window.location.href);
    url.searchParams.set("method", method);
    url.hash = "call";
    window.history.replaceState(null, "", url);
    show();
  };
  select.addEventListener("change", () => choose(select.value));
  body.addEventListener("input", show);
  for (const link of document.querySelectorAll("a.use[data-method]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      choose(link.dataset.method);
      document.getElementById("call").scrollIntoView();
      body.focus();
    });
  }
  setUpTabs();
  setUpTry(data, select, body);
  try {  // the body as the examples will show it (unless the browser kept an edit)
    body.value = pretty(JSON.parse(body.value));
  } catch (_error) { /* the user's text stays as it is */ }
  show();
}

function callUrl(data, method) {
  return `${data.url}/json/2/${data.model}/${method}`;
}

function renderExamples(data, method, text) {
  const url = callUrl(data, method);
  let value;
  let valid = true;
  try {
    value = JSON.parse(text || "{}");
  } catch (_error) {
    valid = false;
  }
  const help = valid ? "" : "# the body is not valid JSON yet\n";
  const compact = valid ? JSON.stringify(value) : text;
  setText("example-curl", help + curlExample(url, data.db, compact));
  setText("example-python", help + pythonExample(url, data.db, valid ? value : null, text));
  setText("example-js", (valid ? "" : "// the body is not valid JSON yet\n")
    + jsExample(url, data.db, valid ? pretty(value, false, "  ", 1) : text));
}

function setText(id, text) {
  const node = document.getElementById(id);
  if (node) node.textContent = text;
}

function shellQuote(text) {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

function curlExample(url, db, body) {
  return [
    `curl -X POST ${url} \\`,
    '  -H "Authorization: bearer $API_KEY" \\',
    `  -H "X-Odoo-Database: ${db}" \\`,
    '  -H "Content-Type: application/json" \\',
    `  -d ${shellQuote(body)}`,
  ].join("\n");
}

// --- values as text: JSON or Python, on one line when it fits ------------------

const WIDTH = 72;

function scalar(value, python) {
  if (python && value === null) return "None";
  if (python && typeof value === "boolean") return value ? "True" : "False";
  return JSON.stringify(value);
}

function flat(value, python) {
  if (Array.isArray(value)) return `[${value.map((item) => flat(item, python)).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const items = Object.keys(value).map((key) => `${JSON.stringify(key)}: ${flat(value[key], python)}`);
    return `{${items.join(", ")}}`;
  }
  return scalar(value, python);
}

// ``value`` as JSON (or a Python literal), one item a line where a line would be too long
function pretty(value, python = false, unit = "  ", depth = 0) {
  const line = flat(value, python);
  if (value === null || typeof value !== "object" || unit.length * depth + line.length <= WIDTH) {
    return line;
  }
  const pad = unit.repeat(depth);
  const inner = unit.repeat(depth + 1);
  const trailing = python ? "," : "";  // Python's style; JSON has no trailing comma
  const nested = (item) => pretty(item, python, unit, depth + 1);
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => inner + nested(item)).join(",\n")}${trailing}\n${pad}]`;
  }
  const items = Object.keys(value).map((key) => `${inner}${JSON.stringify(key)}: ${nested(value[key])}`);
  return `{\n${items.join(",\n")}${trailing}\n${pad}}`;
}

function pythonExample(url, db, value, text) {
  const body = value === null ? `json.loads(${JSON.stringify(text)})` : pretty(value, true, "    ", 1);
  return [
    value === null ? "import json\nimport os" : "import os",
    "",
    "import requests",
    "",
    "response = requests.post(",
    `    ${JSON.stringify(url)},`,
    "    headers={",
    '        "Authorization": f"bearer {os.environ[\'API_KEY\']}",',
    `        "X-Odoo-Database": ${JSON.stringify(db)},`,
    "    },",
    `    json=${body},`,
    "    timeout=60,",
    ")",
    "response.raise_for_status()",
    "print(response.json())",
  ].join("\n");
}

function jsExample(url, db, body) {
  return [
    "const API_KEY = \"your API key\";",
    `const response = await fetch(${JSON.stringify(url)}, {`,
    '  method: "POST",',
    "  headers: {",
    "    \"Authorization\": `bearer ${API_KEY}`,",
    `    "X-Odoo-Database": ${JSON.stringify(db)},`,
    '    "Content-Type": "application/json",',
    "  },",
    `  body: JSON.stringify(${body}),`,
    "});",
    "console.log(response.status, await response.json());",
  ].join("\n");
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll('.tabs [role="tab"]')];
  const select = (tab) => {
    for (const other of tabs) {
      const chosen = other === tab;
      other.setAttribute("aria-selected", String(chosen));
      other.tabIndex = chosen ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !chosen;
    }
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(index + step + tabs.length) % tabs.length];
      select(next);
      next.focus();
    });
  });
}

// --- try it ----------------------------------------------------------------------

function setUpTry(data, select, body) {
  const form = document.getElementById("try-form");
  const key = document.getElementById("try-key");
  const pending = document.getElementById("try-pending");
  const send = document.getElementById("try-send");
  if (!form || !key) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    send.disabled = true;
    pending.textContent = "Sending…";
    try {
      const response = await fetch(`/json/2/${data.model}/${select.value}`, {
        method: "POST",
        headers: {
          "Authorization": `bearer ${key.value.trim()}`,
          "X-Odoo-Database": data.db,
          "Content-Type": "application/json",
        },
        body: body.value.trim() || "{}",
        credentials: "omit", // the key speaks for the caller, not this page's session
        cache: "no-store",
      });
      const text = await response.text();
      showAnswer(`${response.status} ${response.statusText}`.trim(), prettyJson(text), response.ok);
    } catch (error) {
      showAnswer("no answer", String(error), false);
    } finally {
      send.disabled = false;
      pending.textContent = "";
    }
  });
}

function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (_error) {
    return text;
  }
}

function showAnswer(status, text, ok) {
  const answer = document.getElementById("try-answer");
  const statusNode = document.getElementById("try-status");
  statusNode.textContent = status;
  statusNode.className = ok ? "status-ok" : "status-error";
  document.getElementById("try-body").textContent = text;
  answer.hidden = false;
}
