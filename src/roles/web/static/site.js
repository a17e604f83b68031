/* Progressive enhancement only: every page works without this file.
 *
 * - the heat map says who acts for the focused cell;
 * - never lose work: leaving a page (or submitting another form) while a form holds changes
 *   asks first; buttons marked data-confirm ask before they destroy anything;
 * - forms post without a full reload: the answer's <main> replaces ours, scroll position and
 *   focus are kept, history follows redirects, and the outcome is announced (see announce);
 *   an error answer (403, 404, 409, 412, 5xx) is shown above the form and nothing typed is lost;
 * - the substitution graph zooms and pans (buttons, keyboard, pointer, ctrl + wheel);
 * - a signing session's page follows the session in place (without script it refreshes itself).
 * Forms marked data-native (login, logout) are left to the browser.
 */
(function () {
  "use strict";
  var body = document.body;
  var texts = {
    unsaved: body.getAttribute("data-unsaved") || "",
    saved: body.getAttribute("data-saved") || "",
    failed: body.getAttribute("data-failed") || "",
    confirm: body.getAttribute("data-confirm-default") || ""
  };
  var leaving = false; // set once the person chose to leave: beforeunload stays quiet
  var snapshots = new WeakMap();

  function main() { return document.querySelector("main"); }

  // --- the heat map --------------------------------------------------------------------------
  function heatMap(root) {
    var status = root.querySelector("#cell-status");
    var map = root.querySelector(".map");
    if (status && map) {
      map.addEventListener("focusin", function (e) {
        var label = e.target.getAttribute && e.target.getAttribute("aria-label");
        if (label && e.target.tagName === "TD") { status.textContent = label; }
      });
    }
  }

  // --- unsaved changes -----------------------------------------------------------------------
  function tracked(form) {
    return form && form.method === "post" && !form.hasAttribute("data-native");
  }
  function state(form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit" || el.type === "button" ||
          el.type === "hidden") { return; }
      if (el.type === "file") {
        parts.push(el.name + "=" + Array.prototype.map.call(el.files || [], function (f) {
          return f.name + ":" + f.size;
        }).join(","));
      } else if (el.type === "checkbox" || el.type === "radio") {
        parts.push(el.name + "=" + (el.checked ? el.value : ""));
      } else if (el.tagName === "SELECT" && el.multiple) {
        parts.push(el.name + "=" + Array.prototype.filter.call(el.options, function (o) {
          return o.selected;
        }).map(function (o) { return o.value; }).join(","));
      } else {
        parts.push(el.name + "=" + el.value);
      }
    });
    return parts.join("\u0000");
  }
  function remember(root) {
    Array.prototype.forEach.call(root.querySelectorAll("form"), function (form) {
      if (tracked(form)) { snapshots.set(form, state(form)); }
    });
  }
  function dirty(form) {
    // data-dirty: the server says this form holds changes not yet saved (an editor step)
    return tracked(form) && (form.hasAttribute("data-dirty") ||
      (snapshots.has(form) && snapshots.get(form) !== state(form)));
  }
  function dirtyForms(except) {
    return Array.prototype.filter.call(document.querySelectorAll("form"), function (f) {
      return f !== except && dirty(f);
    });
  }
  window.addEventListener("beforeunload", function (e) {
    if (!leaving && dirtyForms(null).length) {
      e.preventDefault();
      e.returnValue = texts.unsaved; // ignored by browsers, who say their own words
      return texts.unsaved;
    }
  });
  window.addEventListener("pageshow", function () { leaving = false; });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href]");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey ||
        e.altKey || a.hasAttribute("download") || (a.target && a.target !== "_self")) { return; }
    var to = new URL(a.href, location.href);
    if (to.origin !== location.origin) { return; }
    if (to.pathname === location.pathname && to.search === location.search && to.hash) { return; }
    if (dirtyForms(null).length) {
      if (!window.confirm(texts.unsaved)) { e.preventDefault(); return; }
    }
    leaving = true;
  });

  // --- confirmations and in-place submits ----------------------------------------------------
  // A message the answer brings is announced where it stands. An inserted role=alert (an error
  // summary) is announced by the browser itself. A role=status message of plain text (a flash)
  // is emptied and set again after a tick, a change screen readers announce; anything else is
  // said by #live, the page's own live region.
  function announce(root, fallback) {
    var alert = root.querySelector("[role='alert']");
    if (alert) { alert.setAttribute("data-announced", ""); return; }
    var said = root.querySelector("[role='status']:not(:empty)");
    var plain = said && said.children.length === 0;
    var target = plain ? said : document.getElementById("live");
    var text = said ? said.textContent.trim() : fallback;
    if (!target || !text) { return; }
    if (plain) { target.style.minHeight = target.offsetHeight + "px"; } // no jump meanwhile
    target.textContent = "";
    window.setTimeout(function () {
      target.textContent = text;
      target.style.minHeight = "";
      target.setAttribute("data-announced", "");
    }, 60);
  }
  function focusKey(el, form) {
    if (!el || el === document.body) { return null; }
    return {
      id: el.id || null,
      name: el.name || null,
      value: el.value === undefined ? null : el.value,
      action: form ? form.getAttribute("action") : null
    };
  }
  function refocus(key, root) {
    var target = root.querySelector("[aria-invalid='true']");
    if (!target && key) {
      if (key.id) { target = document.getElementById(key.id); }
      if (!target && key.name) {
        var sel = "[name='" + CSS.escape(key.name) + "']";
        var forms = key.action ? root.querySelectorAll("form[action='" + CSS.escape(key.action) + "']") : [root];
        Array.prototype.some.call(forms.length ? forms : [root], function (f) {
          Array.prototype.some.call(f.querySelectorAll(sel), function (el) {
            if (key.value === null || el.value === key.value) { target = el; }
            return target;
          });
          return target;
        });
      }
    }
    if (target && target.disabled) { target = null; }
    (target || root).focus({ preventScroll: true });
  }
  function keepOnError(form, doc, status) {
    var old = form.querySelector(".js-error");
    if (old) { old.remove(); }
    var box = document.createElement("div");
    box.className = "alert js-error";
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    var heading = doc && doc.querySelector("main h1");
    var text = doc && doc.querySelector("main .error, main p");
    var p = document.createElement("p");
    p.textContent = (heading ? heading.textContent.trim() + ". " : "") +
      (text ? text.textContent.trim() : texts.failed);
    box.appendChild(p);
    if (status) {
      var more = document.createElement("p");
      more.textContent = texts.failed;
      box.appendChild(more);
    }
    form.insertBefore(box, form.firstChild);
    box.focus();
  }
  function formBody(form, submitter) {
    var data;
    try { data = new FormData(form, submitter || undefined); } catch (err) {
      data = new FormData(form);
      if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    }
    if ((form.enctype || "").indexOf("multipart") === 0) { return data; }
    return new URLSearchParams(data);
  }
  function swap(doc, url, pushed) {
    var fresh = doc.querySelector("main");
    var here = main();
    here.innerHTML = fresh.innerHTML;
    if (doc.title) { document.title = doc.title; }
    if (pushed) { history.pushState({ inPlace: true }, "", url); }
    enhance(here);
  }
  // A login that expired answers 401 (and a form of the old login 403, its CSRF token being
  // the old session's): once the person has logged in again in another tab, the next submit
  // first takes the new session's token from this page's address, so what was typed goes.
  var tokensStale = false;
  function freshTokens() {
    return fetch(location.href, {
      credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
    }).then(function (res) {
      return res.ok && !res.redirected ? res.text() : "";
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, "text/html");
      var token = doc.querySelector("input[name='_csrf']");
      if (!token) { return; }
      Array.prototype.forEach.call(document.querySelectorAll("input[name='_csrf']"),
        function (el) { el.value = token.value; });
      tokensStale = false;
    });
  }
  function submitInPlace(form, submitter) {
    if (tokensStale) {
      var again = function () { submitInPlace(form, submitter); };
      tokensStale = false; // one refresh per submit; a failed one is marked again below
      freshTokens().then(again, again);
      return;
    }
    var key = focusKey(submitter || document.activeElement, form);
    var y = window.scrollY;
    var here = main();
    var sent = formBody(form, submitter); // before the button is disabled: it names the action
    here.setAttribute("aria-busy", "true");
    here.inert = true; // typing meanwhile would be lost when the answer replaces <main>
    form.classList.add("busy");
    if (submitter) { submitter.disabled = true; }
    function done() {
      here.removeAttribute("aria-busy");
      here.inert = false;
      form.classList.remove("busy");
      if (submitter) { submitter.disabled = false; }
    }
    fetch(form.action, {
      method: "POST",
      body: sent,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (res) {
      var type = res.headers.get("Content-Type") || "";
      return res.text().then(function (text) { return { res: res, text: text, html: type.indexOf("text/html") === 0 }; });
    }).then(function (got) {
      var res = got.res;
      var doc = got.html ? new DOMParser().parseFromString(got.text, "text/html") : null;
      var fresh = doc && doc.querySelector("main");
      if (res.redirected && new URL(res.url).pathname !== location.pathname) {
        leaving = true;
        location.assign(res.url); // another page: load it whole (a GET, safe to repeat)
        return;
      }
      done();
      // 422 (wrong values) and 409 (changed meanwhile) answer the form again with what was typed
      if (res.status === 401 || res.status === 403) { tokensStale = true; }
      if (!fresh || (!res.ok && res.status !== 422 && res.status !== 409)) {
        keepOnError(form, doc, res.status >= 500 || !fresh); // a role=alert: announced as inserted
        return;
      }
      swap(doc, res.url, res.redirected);
      window.scrollTo(0, y);
      var root = main();
      refocus(key, root);
      announce(root, res.ok ? texts.saved : "");
    }).catch(function () {
      done();
      keepOnError(form, null, false);
    });
  }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented) { return; }
    var submitter = e.submitter || null;
    var question = submitter && submitter.getAttribute("data-confirm");
    if (question !== null && question !== undefined && submitter) {
      if (!window.confirm(question || texts.confirm)) { e.preventDefault(); return; }
    }
    if (form.method === "post" && dirtyForms(form).length) {
      // posting this form loses what another form on the page holds
      if (!window.confirm(texts.unsaved)) { e.preventDefault(); return; }
    }
    var inPlace = form.method === "post" && !form.hasAttribute("data-native") &&
      !form.target && window.fetch && window.DOMParser && window.URLSearchParams;
    if (!inPlace) { leaving = true; return; }
    e.preventDefault();
    submitInPlace(form, submitter);
  });
  window.addEventListener("popstate", function (e) {
    if (e.state && e.state.inPlace !== undefined) { leaving = true; location.reload(); }
  });
  if (history.state === null) { history.replaceState({ inPlace: false }, ""); }

  // --- the substitution graph: zoom and pan --------------------------------------------------
  function graphView(view) {
    var svg = view.querySelector("svg");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal || view.classList.contains("zoomable")) { return; }
    var base = svg.viewBox.baseVal;
    var home = { x: base.x, y: base.y, w: base.width, h: base.height };
    var box = { x: home.x, y: home.y, w: home.w, h: home.h };
    var MIN = home.w / 8, MAX = home.w * 1.5;
    function apply() { svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].join(" ")); }
    function zoom(factor, cx, cy) {
      var w = Math.min(MAX, Math.max(MIN, box.w / factor));
      var f = w / box.w;
      if (cx === undefined) { cx = box.x + box.w / 2; cy = box.y + box.h / 2; }
      box.x = cx - (cx - box.x) * f; box.y = cy - (cy - box.y) * f;
      box.w = w; box.h = box.h * f;
      apply();
    }
    function pan(dx, dy) { box.x += dx; box.y += dy; apply(); }
    function reset() { box = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }
    function scale() { var r = svg.getBoundingClientRect(); return r.width ? Math.max(box.w / r.width, box.h / r.height) : 1; }
    view.classList.add("zoomable");
    view.tabIndex = 0;
    view.setAttribute("role", "group");
    if (view.getAttribute("data-label")) { view.setAttribute("aria-label", view.getAttribute("data-label")); }
    var tools = document.createElement("div");
    tools.className = "graph-tools";
    [["+", "data-zoom-in", function () { zoom(1.25); }],
     ["\u2212", "data-zoom-out", function () { zoom(0.8); }],
     ["\u27f2", "data-zoom-reset", reset]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary small";
      button.textContent = b[0];
      button.setAttribute("aria-label", view.getAttribute(b[1]) || b[0]);
      button.title = view.getAttribute(b[1]) || "";
      button.addEventListener("click", b[2]);
      tools.appendChild(button);
    });
    view.parentNode.insertBefore(tools, view);
    view.addEventListener("keydown", function (e) {
      var step = 0.1;
      var handled = true;
      switch (e.key) {
        case "ArrowLeft": pan(-box.w * step, 0); break;
        case "ArrowRight": pan(box.w * step, 0); break;
        case "ArrowUp": pan(0, -box.h * step); break;
        case "ArrowDown": pan(0, box.h * step); break;
        case "+": case "=": zoom(1.25); break;
        case "-": case "\u2212": zoom(0.8); break;
        case "0": reset(); break;
        default: handled = false;
      }
      if (handled) { e.preventDefault(); }
    });
    view.addEventListener("wheel", function (e) {
      if (!e.ctrlKey) { return; } // plain wheel scrolls the page as always
      e.preventDefault();
      zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15);
    }, { passive: false });
    var drag = null;
    // a link under the pointer would start the browser's drag and drop instead of a pan
    view.addEventListener("dragstart", function (e) { e.preventDefault(); });
    view.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) { return; }
      drag = { x: e.clientX, y: e.clientY, moved: false, id: e.pointerId };
    });
    view.addEventListener("pointermove", function (e) {
      if (!drag || drag.id !== e.pointerId) { return; }
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      if (!drag.moved) { drag.moved = true; view.setPointerCapture(e.pointerId); view.classList.add("panning"); }
      var s = scale();
      pan(-dx * s, -dy * s);
      drag.x = e.clientX; drag.y = e.clientY;
    });
    function end(e) {
      if (!drag) { return; }
      if (drag.moved) {
        view.classList.remove("panning");
        // the click after a drag must not follow a node's link
        view.addEventListener("click", function stop(c) { c.preventDefault(); c.stopPropagation(); }, { capture: true, once: true });
      }
      drag = null;
    }
    view.addEventListener("pointerup", end);
    view.addEventListener("pointercancel", end);
    // a node reached by Tab comes into view
    svg.addEventListener("focusin", function (e) {
      var node = e.target.closest && e.target.closest("a");
      var rect = node && node.querySelector("rect");
      if (!rect) { return; }
      var b = rect.getBBox();
      if (b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.w || b.y + b.height > box.y + box.h) {
        box.x = b.x + b.width / 2 - box.w / 2;
        box.y = b.y + b.height / 2 - box.h / 2;
        apply();
      }
    });
  }

  // --- a signing session: ask for the page again until the session ends ----------------------
  function followSigning(root) {
    var section = root.querySelector("#signing[data-state='running']");
    if (!section || section.hasAttribute("data-following")) { return; }
    section.setAttribute("data-following", "");
    var url = location.pathname;
    var failures = 0;
    function again(delay) { window.setTimeout(look, delay); }
    function look() {
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (res) {
          if (!res.ok) { throw new Error(String(res.status)); }
          return res.text();
        })
        .then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          var fresh = doc.querySelector("#signing");
          var here = document.getElementById("signing");
          if (!fresh || !here) { return; }
          failures = 0;
          var state = fresh.getAttribute("data-state");
          // only a change is written: a screen reader hears the new code or the outcome once
          if (state !== here.getAttribute("data-state") || fresh.innerHTML !== here.innerHTML) {
            here.innerHTML = fresh.innerHTML;
            here.setAttribute("data-state", state);
          }
          if (state === "running") { again(1000); }
        })
        .catch(function () {
          failures += 1;
          if (failures < 5) { again(3000); } else { location.reload(); }
        });
    }
    again(1000);
  }

  function enhance(root) {
    followSigning(root);
    heatMap(root);
    remember(root);
    Array.prototype.forEach.call(root.querySelectorAll(".graph-view"), graphView);
  }
  enhance(document);
})();
