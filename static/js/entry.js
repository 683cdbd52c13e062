/* Data entry enhancements: autosave per field, live % change, conflicts (409). The
 * chapter texts' editor is rich-text.js (loaded before this file). The page works
 * without either file (plain form post).
 *
 * Nothing typed is lost: every change is kept in localStorage until the server has saved
 * it; a failed save is retried with backoff; a lost session keeps the values and they are
 * restored (and saved) after logging in again.
 */
(function () {
  "use strict";

  var form = document.getElementById("chapter-form");
  if (!form || !window.fetch) { return; }
  var S = JSON.parse(document.getElementById("entry-strings").textContent);
  var url = form.dataset.autosaveUrl;
  // What is typed and not yet saved is kept in this browser under the user and the
  // submission: another person logging in here never gets it; a lapsed session keeps it
  // for the same user, and it is saved after they log in again. Logging out clears it.
  var userPrefix = "libreport:u" + form.dataset.user + ":";
  var storePrefix = userPrefix + "s" + form.dataset.submission + ":";
  var bar = document.getElementById("save-bar");
  var barText = bar ? bar.querySelector(".save-bar-text") : null;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var items = {};          // key → item (one per figure row or text section)
  var loggedOut = false;
  var locked = false;

  // Helpers -----------------------------------------------------------------------------
  function forget(test) {
    try {
      for (var i = localStorage.length - 1; i >= 0; i -= 1) {
        var key = localStorage.key(i);
        if (key && test(key)) { localStorage.removeItem(key); }
      }
    } catch (e) { /* storage unavailable */ }
  }
  // keys of the earlier format (not keyed by user) cannot be told apart: they go
  forget(function (key) { return /^libreport:\d+:/.test(key); });
  document.querySelectorAll('form[action$="/logout/"]').forEach(function (logout) {
    logout.addEventListener("submit", function () {
      Object.keys(items).forEach(function (k) { items[k].state = "idle"; });
      forget(function (key) { return key.indexOf(userPrefix) === 0; });
    });
  });
  function store(key, data) {
    try { localStorage.setItem(storePrefix + key, JSON.stringify(data)); } catch (e) { /* full */ }
  }
  function unstore(key) {
    try { localStorage.removeItem(storePrefix + key); } catch (e) { /* ignore */ }
  }
  function stored(key) {
    try { return JSON.parse(localStorage.getItem(storePrefix + key) || "null"); } catch (e) { return null; }
  }
  // The number a figure's field holds, for the live change and the saved display: read
  // by number.js (the server's rule), then null where the server would refuse it for this
  // kind of figure (decimals in a count, more than two decimals, over the maximum).
  function parseNumber(text, kind, max) {
    var read = window.libreportNumbers.readNumber(text);
    if (read.error || read.value === null) { return null; }
    var decimals = read.value.split(".")[1] || "";
    if (kind === "count" && decimals.replace(/0+$/, "") !== "") { return null; }
    if (decimals.length > 2) { return null; }
    var value = parseFloat(read.value);
    if (!isFinite(value) || (max !== undefined && max !== null && value > max)) { return null; }
    return value;
  }
  function formatChange(previous, current) {
    if (previous === null || current === null || previous === 0) { return ""; }
    var change = (current - previous) / previous * 100;
    var rounded = Math.sign(change) * Math.round(Math.abs(change));
    return (rounded > 0 ? "+" : "") + String(rounded).replace("-", "-") + " %";
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // Overall state ----------------------------------------------------------------------
  function updateBar() {
    if (!bar || locked) { return; }
    var states = Object.keys(items).map(function (k) { return items[k].state; });
    var state = "saved";
    var text = S.allSaved;
    if (loggedOut) { state = "offline"; text = S.loggedOut; }
    else if (states.indexOf("failed") >= 0) { state = "failed"; text = S.someFailed; }
    else if (states.indexOf("saving") >= 0 || states.indexOf("dirty") >= 0) { state = "saving"; text = S.saving; }
    else if (states.indexOf("conflict") >= 0) { state = "failed"; text = S.conflict; }
    else if (states.indexOf("invalid") >= 0) { state = "failed"; text = S.invalid; }
    else if (states.every(function (s) { return s === "idle"; })) { return; }
    bar.dataset.state = state;
    barText.textContent = text;
    if (loggedOut && !bar.querySelector("a")) {
      var link = el("a", "", S.logIn);
      link.href = form.dataset.loginUrl;
      bar.appendChild(document.createTextNode(" "));
      bar.appendChild(link);
    }
  }

  function setState(item, state, text) {
    item.state = state;
    if (item.stateNode) {
      item.stateNode.className = "save-state " + (state === "conflict" ? "conflict-state" : state);
      item.stateNode.textContent = text || "";
    }
    updateBar();
  }

  // Progress ---------------------------------------------------------------------------
  function updateProgress(progress) {
    if (!progress) { return; }
    // the progress lines come rendered by the server (its plural forms, its language)
    Object.keys(progress.html || {}).forEach(function (key) {
      document.querySelectorAll('[data-progress="' + key + '"]').forEach(function (node) {
        var holder = document.createElement("div");
        holder.innerHTML = progress.html[key].trim();
        if (holder.firstElementChild) { node.replaceWith(holder.firstElementChild); }
      });
    });
    if (progress.chapters) {
      Object.keys(progress.chapters).forEach(function (number) {
        var mini = document.querySelector('[data-mini="' + number + '"]');
        var p = progress.chapters[number];
        if (mini && p.figures) {
          mini.textContent = p.filled + "/" + p.figures + (p.errors || p.warnings ? " !" : "");
        }
      });
    }
  }

  // Figures ----------------------------------------------------------------------------
  function figureItem(row) {
    var code = row.dataset.code;
    var detail = document.querySelector('[data-detail-for="' + CSS.escape(code) + '"]');
    var item = {
      key: "figure:" + code, kind: "figure", code: code, row: row, detail: detail,
      input: row.querySelector('[name="v-' + code + '"]'),
      na: row.querySelector('[name="na-' + code + '"]'),
      est: row.querySelector('[name="est-' + code + '"]'),
      rev: row.querySelector('[name="rev-' + code + '"]'),
      ex: detail ? detail.querySelector('[name="ex-' + code + '"]') : null,
      stateNode: row.querySelector(".save-state"),
      changeNode: row.querySelector(".change-text"),
      previous: parseNumber(row.dataset.previous),
      numberKind: row.dataset.kind,
      max: row.dataset.max ? parseFloat(row.dataset.max) : null,
      state: "idle", timer: null, attempt: 0, inFlight: false, again: false
    };
    item.data = function () {
      return {
        kind: "figure", code: code,
        value: item.input ? item.input.value : "",
        na: item.na && item.na.checked ? "1" : "",
        est: item.est && item.est.checked ? "1" : "",
        explanation: item.ex ? item.ex.value : null,
        base_revision: item.rev.value
      };
    };
    item.restore = function (data) {
      if (item.input) { item.input.value = data.value; }
      if (item.na) { item.na.checked = !!data.na; }
      if (item.est) { item.est.checked = !!data.est; }
      if (item.ex && data.explanation !== null && data.explanation !== undefined) {
        item.ex.value = data.explanation;
        if (data.explanation) { item.ex.parentNode.hidden = false; detail.hidden = false; }
      }
      item.rev.value = data.base_revision;
      syncDisabled(item);
      liveChange(item);
    };
    [item.input, item.na, item.est, item.ex].forEach(function (node) {
      if (!node) { return; }
      node.addEventListener("input", function () { changed(item, 900); });
      node.addEventListener("change", function () { changed(item, 0); });
    });
    if (item.na) { item.na.addEventListener("change", function () { syncDisabled(item); }); }
    syncDisabled(item);
    if (item.input) {
      item.input.addEventListener("input", function () { liveChange(item); });
      item.input.addEventListener("blur", function () {
        if (item.state === "saved") { groupSaved(item); }
      });
    }
    return item;
  }

  function groupSaved(item) {
    if (!item.input || item.input.tagName !== "INPUT" || item.savedText === undefined) { return; }
    var kind = item.numberKind;
    if (parseNumber(item.input.value, kind) === parseNumber(item.savedText, kind)) {
      item.input.value = item.savedText;
    }
  }

  function syncDisabled(item) {
    if (item.input && item.na) { item.input.disabled = item.na.checked; }
  }

  function liveChange(item) {
    if (!item.changeNode || item.row.dataset.kind === "bool") { return; }
    // only a figure the server would accept gets a change; anything else shows none
    var current = item.na && item.na.checked ? null : parseNumber(item.input.value, item.numberKind, item.max);
    item.changeNode.textContent = formatChange(item.previous, current);
  }

  function showProblems(item, problems, errors) {
    if (!item.detail) { return; }
    var list = item.detail.querySelector(".messages-list");
    list.textContent = "";
    var hasWarning = false;
    (errors || []).forEach(function (message) { list.appendChild(el("li", "msg msg-error", message)); });
    (problems || []).forEach(function (p) {
      if (p.severity === "missing") { return; }
      if (p.severity === "warning") { hasWarning = true; }
      var li = el("li", "msg msg-" + p.severity + (p.explained ? " explained" : ""), p.message);
      if (p.explained) { li.appendChild(el("span", "explained-note", " (" + S.explained + ")")); }
      list.appendChild(li);
    });
    var hasError = (errors && errors.length) || (problems || []).some(function (p) { return p.severity === "error"; });
    item.row.classList.toggle("has-error", !!hasError);
    item.row.classList.toggle("has-warning", !hasError && hasWarning);
    if (item.input) {
      if (hasError) { item.input.setAttribute("aria-invalid", "true"); } else { item.input.removeAttribute("aria-invalid"); }
    }
    // the explanation is asked for a warning on the stored figure only: a refused figure
    // (errors) is not stored, so it has nothing to explain
    var exBox = item.ex ? item.ex.parentNode : null;
    if (exBox) { exBox.hidden = !(hasWarning || item.ex.value); }
    var conflict = item.detail.querySelector(".conflict");
    item.detail.hidden = !(list.children.length || (exBox && !exBox.hidden) || conflict
                           || item.detail.querySelector(".review-comment")
                           || item.detail.querySelector(".library-note"));
  }

  // Texts ------------------------------------------------------------------------------
  function textItem(box) {
    var code = box.dataset.section;
    var source = box.querySelector("textarea.rich-source");
    if (!source) { return null; }
    var item = {
      key: "text:" + code, kind: "text", code: code, box: box, source: source,
      rev: box.querySelector('[name="trev-' + code + '"]'),
      stateNode: box.querySelector(".save-state"),
      state: "idle", timer: null, attempt: 0, inFlight: false, again: false
    };
    item.editor = window.RichText ? window.RichText.attach(source) : null;
    item.data = function () {
      return { kind: "text", section: code, html: source.value, base_revision: item.rev.value };
    };
    item.restore = function (data) {
      if (window.RichText) { window.RichText.setHTML(source, data.html); } else { source.value = data.html; }
      item.rev.value = data.base_revision;
    };
    source.addEventListener("input", function () { changed(item, 1500); });
    (item.editor || source).addEventListener("focusout", function () {
      if (item.state === "dirty") { changed(item, 0); }
    });
    return item;
  }

  // Saving -----------------------------------------------------------------------------
  function changed(item, delay) {
    store(item.key, item.data());
    setState(item, "dirty", S.unsaved);
    clearTimeout(item.timer);
    item.timer = setTimeout(function () { save(item); }, delay);
  }

  function retryLater(item) {
    item.attempt += 1;
    var wait = Math.min(60000, 1000 * Math.pow(2, item.attempt));
    setState(item, "failed", S.failed);
    clearTimeout(item.timer);
    item.timer = setTimeout(function () { save(item); }, wait);
  }

  function save(item) {
    if (loggedOut || locked) { return; }
    if (item.inFlight) { item.again = true; return; }
    var data = item.data();
    var body = new URLSearchParams();
    // the names of indicators.forms.AutosaveForm
    Object.keys(data).forEach(function (name) {
      if (data[name] === null || data[name] === undefined || data[name] === "") { return; }
      body.append(name, data[name]);
    });
    item.inFlight = true;
    setState(item, "saving", S.saving);
    fetch(url, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json",
                 "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401
          || (response.status >= 300 && response.status < 400)) {
        loggedOut = true;
        setState(item, "offline", S.unsaved);
        return null;
      }
      if (response.status === 403) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (json.locked) {
            // submitted meanwhile (e.g. in another tab): nothing more can be saved here
            unstore(item.key);
            setState(item, "invalid", S.notSaved);
            if (barText) { barText.textContent = json.message; bar.dataset.state = "failed"; }
            locked = true;
          } else {
            loggedOut = true;  // e.g. a new login elsewhere changed the CSRF token
            setState(item, "offline", S.unsaved);
          }
          return null;
        });
      }
      if (response.status >= 500) { throw new Error("server " + response.status); }
      return response.json().then(function (json) { handle(item, response.status, json, data); });
    }).catch(function () {
      retryLater(item);
    }).then(function () {
      item.inFlight = false;
      if (item.again) { item.again = false; save(item); }
    });
  }

  function sameData(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function handle(item, status, json, sent) {
    item.attempt = 0;
    if (status === 200 && json.ok) {
      item.rev.value = json.revision;
      var now = item.data();
      now.base_revision = sent.base_revision;
      if (sameData(now, sent)) {
        unstore(item.key);
        setState(item, "saved", S.saved);
        if (item.kind === "figure" && json.text !== undefined) {
          // shown grouped like last year's figure (60 440) once the user has moved on
          item.savedText = json.text;
          if (document.activeElement !== item.input) { groupSaved(item); }
        }
      } else {
        // typed more while saving: save again from the new revision
        store(item.key, item.data());
        item.again = true;
      }
      clearConflict(item);
      if (item.kind === "figure") {
        if (item.changeNode && json.change !== undefined) { item.changeNode.textContent = json.change; }
        showRowState(item, json);
      }
      updateProgress(json.progress);
    } else if (status === 422) {
      setState(item, "invalid", S.notSaved);
      showProblems(item, [], json.errors);
    } else if (status === 409) {
      setState(item, "conflict", S.notSaved);
      showConflict(item, json);
    } else {
      retryLater(item);
    }
  }

  // The problems of a figure and of the figures depending on it, as the server has them.
  function showRowState(item, json) {
    showProblems(item, json.problems, []);
    Object.keys(json.related || {}).forEach(function (code) {
      var other = items["figure:" + code];
      if (other && other.state !== "invalid") { showProblems(other, json.related[code], []); }
    });
  }

  function clearConflict(item) {
    var host = item.kind === "figure" ? item.detail : item.box;
    var box = host ? host.querySelector(".conflict") : null;
    if (box) { box.remove(); }
  }

  function showConflict(item, json) {
    clearConflict(item);
    var host = item.kind === "figure" ? item.detail : item.box;
    var box = el("div", "conflict");
    box.setAttribute("role", "alert");
    box.appendChild(el("p", "", json.message));
    var keep = el("button", "secondary", S.keepTheirs);
    keep.type = "button";
    var mine = el("button", "", S.overwrite);
    mine.type = "button";
    keep.addEventListener("click", function () {
      var theirs = json.theirs;
      if (item.kind === "figure") {
        item.restore({ value: theirs.text, na: theirs.not_applicable, est: theirs.is_estimate,
                       explanation: theirs.explanation, base_revision: theirs.revision });
      } else {
        item.restore({ html: theirs.html, base_revision: theirs.revision });
      }
      unstore(item.key);
      box.remove();
      setState(item, "saved", S.saved);
      if (item.kind === "figure") {
        // their figure is what the server holds: show its problems and change, not the
        // ones of the figure this page loaded with
        showRowState(item, json);
        if (item.changeNode && theirs.change !== undefined) { item.changeNode.textContent = theirs.change; }
        updateProgress(json.progress);
      }
    });
    mine.addEventListener("click", function () {
      item.rev.value = json.theirs.revision;
      box.remove();
      changed(item, 0);
    });
    box.appendChild(keep);
    box.appendChild(mine);
    if (item.kind === "figure") {
      host.querySelector("td").appendChild(box);
      host.hidden = false;
    } else {
      host.insertBefore(box, item.editor || item.source);
    }
    keep.focus();
  }

  // Start ------------------------------------------------------------------------------
  form.querySelectorAll("tr.figure[data-code]").forEach(function (row) {
    if (!row.querySelector('[name^="rev-"]')) { return; }
    var item = figureItem(row);
    items[item.key] = item;
  });
  form.querySelectorAll(".text-section[data-section]").forEach(function (box) {
    var item = textItem(box);
    if (item) { items[item.key] = item; }
  });

  // Restore what was typed but never saved (a failed save, a lost session, a closed tab).
  var restored = 0;
  Object.keys(items).forEach(function (key) {
    var data = stored(key);
    var item = items[key];
    if (!data) { return; }
    var current = item.data();
    var compare = JSON.parse(JSON.stringify(data));
    compare.base_revision = current.base_revision;
    if (sameData(current, compare)) { unstore(key); return; }
    item.restore(data);
    restored += 1;
    setState(item, "dirty", S.unsaved);
    save(item);
  });
  if (restored && barText) { barText.textContent = S.restored; }

  // What was typed while the page was still loading (before this script ran) sent no
  // input event: a field that differs from what the server rendered is saved now.
  function typedBeforeStart(item) {
    var nodes = item.kind === "figure" ? [item.input, item.na, item.est, item.ex] : [item.source];
    return nodes.some(function (node) {
      if (!node) { return false; }
      if (node.type === "checkbox") { return node.checked !== node.defaultChecked; }
      if (node.tagName === "SELECT") {
        // the option the server marked, else the first one (what a fresh page shows)
        var marked = Array.prototype.filter.call(node.options, function (o) { return o.defaultSelected; });
        var initial = marked.length ? marked[0] : node.options[0];
        return initial ? node.value !== initial.value : false;
      }
      return node.value !== node.defaultValue;
    });
  }
  Object.keys(items).forEach(function (key) {
    var item = items[key];
    if (item.state === "idle" && typedBeforeStart(item)) {
      if (item.kind === "figure") { syncDisabled(item); liveChange(item); }
      changed(item, 0);
    }
  });

  form.addEventListener("submit", function () {
    // a plain post saves everything; what it refuses comes back with the typed values
    Object.keys(items).forEach(function (key) {
      clearTimeout(items[key].timer);
      items[key].state = "idle";
      unstore(key);
    });
  });
  window.addEventListener("beforeunload", function (event) {
    var busy = Object.keys(items).some(function (k) {
      return ["dirty", "saving", "failed"].indexOf(items[k].state) >= 0;
    });
    if (busy) { event.preventDefault(); event.returnValue = ""; }
  });
  window.addEventListener("online", function () {
    Object.keys(items).forEach(function (k) { if (items[k].state === "failed") { save(items[k]); } });
  });
})();
