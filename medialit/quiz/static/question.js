// One quiz question, drawn with the browser's own controls so that keyboards and screen
// readers get what they expect. All judging happens in Python (medialit/quiz/view.py): this
// file only draws the question, sends the student's answer (the "value" trait) and the
// button presses ({press: "check" | "hint" | "answer"}), and shows the HTML Python sends back
// (feedback, hints, answer, status). Python escapes every piece of text it sends as HTML; the
// question's own texts (prompt, choices, words, sentences) are set here with textContent.
//
// Keys pressed inside a question stay in it (see the keydown listener in render()); the
// data-lm-suppress-shortcuts attribute on the question says the same to Lumino.

let counter = 0;

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  if (text !== null) node.textContent = text;
  return node;
}

// Roving focus inside a group: one Tab stop, arrow keys (and Home/End) move between items.
function rove(items, { onMove } = {}) {
  const moveTo = (index) => {
    const target = items[(index + items.length) % items.length];
    for (const item of items) item.tabIndex = item === target ? 0 : -1;
    target.focus();
    if (onMove) onMove(target);
  };
  items.forEach((item, i) => {
    item.tabIndex = i === 0 ? 0 : -1;
    item.addEventListener("keydown", (event) => {
      const keys = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 };
      if (event.key in keys && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        moveTo(keys[event.key]);
      }
    });
    item.addEventListener("focus", () => {
      for (const other of items) other.tabIndex = other === item ? 0 : -1;
    });
  });
}

function buildSingle(spec, uid, promptId, state) {
  const group = el("div", { role: "radiogroup", "aria-labelledby": promptId, className: "mlq-options" });
  const radios = spec.choices.map((choice, i) => {
    const label = el("label", { className: "mlq-option" });
    const input = el("input", { type: "radio", name: `${uid}-choice`, value: String(i) });
    input.addEventListener("change", () => state.send(choice));
    input.addEventListener("input", () => state.send(choice));
    label.append(input, el("span", {}, choice));
    group.append(label);
    return input;
  });
  return {
    node: group,
    first: () => radios.find((r) => r.checked) || radios[0],
    read: () => { const i = radios.findIndex((r) => r.checked); return i < 0 ? null : spec.choices[i]; },
    show(value) { radios.forEach((r, i) => { r.checked = spec.choices[i] === value; }); },
  };
}

function buildMultiple(spec, uid, promptId, state) {
  const group = el("div", { role: "group", "aria-labelledby": promptId, className: "mlq-options" });
  const boxes = spec.choices.map((choice, i) => {
    const label = el("label", { className: "mlq-option" });
    const input = el("input", { type: "checkbox", value: String(i) });
    input.addEventListener("change", () => state.send(spec.choices.filter((_, j) => boxes[j].checked)));
    label.append(input, el("span", {}, choice));
    group.append(label);
    return input;
  });
  rove(boxes);
  return {
    node: group,
    first: () => boxes.find((b) => b.tabIndex === 0) || boxes[0],
    read: () => spec.choices.filter((_, j) => boxes[j].checked),
    show(value) { boxes.forEach((b, i) => { b.checked = (value || []).includes(spec.choices[i]); }); },
  };
}

function buildSpot(spec, uid, promptId, state) {
  const wrap = el("div", { className: "mlq-spot" });
  const helpId = `${uid}-spot-help`;
  wrap.append(el("p", { id: `${uid}-article`, className: "mlq-article" }, `Article ${spec.article}:`));
  const group = el("div", { role: "group", "aria-labelledby": `${promptId} ${uid}-article`, "aria-describedby": helpId, className: "mlq-words" });
  const words = spec.words.map((word, i) => {
    const button = el("button", { type: "button", className: "mlq-word", "aria-pressed": "false", "data-index": String(i) });
    button.append(el("span", { className: "mlq-tick", "aria-hidden": "true" }, ""), el("span", {}, word));
    button.addEventListener("click", () => {
      const pressed = button.getAttribute("aria-pressed") !== "true";
      mark(button, pressed);
      state.send(words.map((b, j) => (b.getAttribute("aria-pressed") === "true" ? j : -1)).filter((j) => j >= 0));
    });
    group.append(button, document.createTextNode(" "));
    return button;
  });
  function mark(button, pressed) {
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.querySelector(".mlq-tick").textContent = pressed ? "✔ " : "";
  }
  rove(words);
  wrap.append(group, el("p", { id: helpId, className: "mlq-help" },
    "Keyboard: Tab to the passage, move between words with the arrow keys, press Space to mark or unmark a word, then Tab to Check."));
  return {
    node: wrap,
    first: () => words.find((b) => b.tabIndex === 0) || words[0],
    read: () => words.map((b, j) => (b.getAttribute("aria-pressed") === "true" ? j : -1)).filter((j) => j >= 0),
    show(value) { const on = new Set(value || []); words.forEach((b, i) => mark(b, on.has(i))); },
  };
}

function buildLabel(spec, uid, promptId, state) {
  const list = el("div", { role: "group", "aria-labelledby": promptId, className: "mlq-label" });
  const selects = spec.sentences.map((item, n) => {
    const sentenceId = `${uid}-s${n + 1}`;
    const nameId = `${uid}-n${n + 1}`;
    const row = el("div", { className: "mlq-label-row" });
    const sentence = el("p", { id: sentenceId, className: "mlq-sentence" });
    sentence.append(el("strong", {}, `${n + 1}. `), el("em", {}, `Article ${item.article}: `), document.createTextNode(item.text));
    const label = el("label", { id: nameId, for: `${uid}-select-${n + 1}` }, `Label for sentence ${n + 1}: `);
    const select = el("select", { id: `${uid}-select-${n + 1}`, "aria-labelledby": `${nameId} ${sentenceId}` });
    select.append(el("option", { value: "" }, "— choose —"));
    for (const lab of spec.labels) select.append(el("option", { value: lab }, lab));
    select.addEventListener("change", () => state.send(selects.map((s) => s.value || null)));
    row.append(sentence, label, select);
    list.append(row);
    return select;
  });
  return {
    node: list,
    first: () => selects[0],
    read: () => selects.map((s) => s.value || null),
    show(value) { selects.forEach((s, i) => { const v = (value || [])[i]; s.value = spec.labels.includes(v) ? v : ""; }); },
  };
}

function buildNumber(spec, uid, promptId, state) {
  const wrap = el("div", { className: "mlq-number" });
  const input = el("input", { type: "text", inputmode: "decimal", id: `${uid}-number`, placeholder: "type a number, e.g. 2.5", autocomplete: "off" });
  const label = el("label", { for: `${uid}-number`, id: `${uid}-number-label` }, "Answer: ");
  input.setAttribute("aria-labelledby", `${uid}-number-label ${promptId}`);
  input.addEventListener("input", () => state.send(input.value));
  wrap.append(label, input);
  return { node: wrap, first: () => input, read: () => input.value, show(value) { input.value = value == null ? "" : String(value); } };
}

const BUILDERS = { single: buildSingle, multiple: buildMultiple, spot: buildSpot, label: buildLabel, number: buildNumber };

function render({ model, el: host }) {
  const spec = model.get("spec");
  // ids unique in the page, even when one question is shown twice (a "your turn" cell and the quiz)
  const uid = `mlq-${spec.qid.replace(/[^A-Za-z0-9_-]/g, "_")}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const promptId = `${uid}-prompt`;
  const root = el("section", { className: "mlq medialit-question", "data-lm-suppress-shortcuts": "true", "aria-labelledby": promptId, "data-question": spec.qid });
  const prompt = el("p", { id: promptId, className: "mlq-prompt" });
  prompt.append(el("strong", {}, `Q${spec.number}. `), document.createTextNode(spec.prompt));
  root.append(prompt);
  if (spec.kind_name) root.append(el("p", { className: "mlq-kind" }, `(${spec.kind_name})`));
  if (spec.note) root.append(el("p", { className: "mlq-note" }, spec.note));

  const state = { send(value) { model.set("value", value); model.save_changes(); } };
  const input = BUILDERS[spec.kind](spec, uid, promptId, state);
  root.append(input.node);

  const buttons = el("div", { className: "mlq-buttons medialit-buttons" });
  const check = el("button", { type: "button", className: "mlq-button mlq-check" }, "Check");
  const hint = el("button", { type: "button", className: "mlq-button mlq-hint" }, "Hint");
  const reveal = el("button", { type: "button", className: "mlq-button mlq-reveal" }, "Show answer");
  buttons.append(check, hint, reveal);
  root.append(buttons);

  const hints = el("div", { className: "mlq-hints" });
  const feedback = el("div", { className: "mlq-feedback-area" });
  const answer = el("div", { className: "mlq-answer-area" });
  const status = el("div", { className: "mlq-status" });
  // The live region exists from the start and is never replaced: only its text changes.
  const live = el("div", { role: "status", "aria-live": "polite", "aria-atomic": "true", className: "mlq-live" });
  root.append(hints, feedback, answer, status, live);
  host.append(root);

  // Keys pressed inside the question stay inside it: JupyterLab listens on the document in the
  // bubbling phase, so its notebook shortcuts (arrows, letters, Enter, Shift+Enter) never see
  // them. Ctrl/Cmd combinations pass, so Ctrl+S still saves the notebook.
  root.addEventListener("keydown", (event) => {
    if (!event.ctrlKey && !event.metaKey) event.stopPropagation();
  });

  // Each press carries what the controls show, so Python judges exactly what the student sees.
  const press = (name) => model.send({ press: name, value: input.read() });
  check.addEventListener("click", () => press("check"));
  hint.addEventListener("click", () => press("hint"));
  reveal.addEventListener("click", () => press("answer"));
  // Enter inside the choices, the sentences or the number box checks the answer (Space chooses).
  input.node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && event.target.tagName !== "BUTTON" && event.target.tagName !== "SELECT") {
      event.preventDefault();
      press("check");
    }
  });

  const sync = () => {
    hints.innerHTML = model.get("hints_html");
    feedback.innerHTML = model.get("feedback_html");
    answer.innerHTML = model.get("answer_html");
    status.innerHTML = model.get("status_html");
    // The Hint button is never disabled under the student's focus: it says there are no more.
    const more = model.get("can_hint");
    hint.setAttribute("aria-disabled", more ? "false" : "true");
    hint.textContent = more ? "Hint" : (spec.hints_total ? "No more hints" : "No hints");
    reveal.hidden = !model.get("can_reveal");
  };
  let lastSaid = -1;
  const announce = () => {
    const said = model.get("announce");
    const serial = model.get("announce_serial");
    if (serial === lastSaid) return;
    lastSaid = serial;
    live.textContent = "";
    setTimeout(() => { live.textContent = said; }, 60);  // a fresh text is read out even if it repeats
  };
  const traits = ["hints_html", "feedback_html", "answer_html", "status_html", "can_hint", "can_reveal"];
  for (const name of traits) model.on(`change:${name}`, sync);
  model.on("change:announce_serial", announce);
  model.on("change:value", () => input.show(model.get("value")));
  input.show(model.get("value"));
  lastSaid = model.get("announce_serial");
  sync();
  return () => { for (const name of traits) model.off(`change:${name}`, sync); };
}

export default { render };
