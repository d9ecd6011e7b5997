/*
 * Enlace — the only first-party script on every page. Progressive enhancement:
 * every page works without it. CSP is `script-src 'self'`, so there is no inline
 * script anywhere; behaviour is attached here through data- attributes, and
 * translated strings come from data- attributes that base.html renders on <body>.
 *
 *   data-confirm="Question?"   on a form, button or link: ask before going on.
 *   data-autodismiss           on a flash message: fade out after a few seconds
 *                              (base.html sets it for success/info only).
 *   <meta name="csrf-token">   sent as X-CSRFToken on every htmx request.
 */
(function () {
  "use strict";

  var doc = document;
  doc.documentElement.classList.remove("no-js");
  doc.documentElement.classList.add("js");

  // Cytoscape injects an inline <style id="__________cytoscape_stylesheet"> unless an
  // element with that id exists; CSP would block it and log a violation. A placeholder
  // element pre-empts it; the rule it wanted is in app.css.
  if (!doc.getElementById("__________cytoscape_stylesheet")) {
    var placeholder = doc.createElement("meta");
    placeholder.id = "__________cytoscape_stylesheet";
    placeholder.name = "enlace-cytoscape-css";
    placeholder.content = "app.css";
    doc.head.appendChild(placeholder);
  }

  function text(key, fallback) {
    var body = doc.body;
    return (body && body.dataset && body.dataset[key]) || fallback;
  }

  function csrfToken() {
    var meta = doc.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // ---- Confirm dialogs -------------------------------------------------------
  // Capture phase at the document, so a refusal stops the event before htmx or any
  // other handler on the element sees it.
  doc.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("a[data-confirm], button[data-confirm], input[type=submit][data-confirm]");
    if (!el || el.disabled) return;
    if (!window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      event.stopPropagation();
    } else {
      // The form-level check below is then skipped for this one submission.
      el.setAttribute("data-confirmed", "1");
      window.setTimeout(function () { el.removeAttribute("data-confirmed"); }, 0);
    }
  }, true);

  doc.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-confirm]")) return;
    var submitter = event.submitter;
    if (submitter && submitter.getAttribute("data-confirmed") === "1") return;
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      event.stopPropagation();
    }
  }, true);

  // ---- Flash messages --------------------------------------------------------
  var DISMISS_AFTER_MS = 7000;

  function dismiss(flash) {
    if (!flash || !flash.parentNode) return;
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var list = flash.parentNode;
    function remove() {
      if (flash.parentNode) flash.parentNode.removeChild(flash);
      if (list && !list.children.length && list.parentNode) list.parentNode.removeChild(list);
    }
    if (reduce) { remove(); return; }
    flash.classList.add("is-leaving");
    window.setTimeout(remove, 320);
  }

  function enhanceFlashes(root) {
    var flashes = (root || doc).querySelectorAll(".flash:not([data-enhanced])");
    Array.prototype.forEach.call(flashes, function (flash) {
      flash.setAttribute("data-enhanced", "1");
      var button = doc.createElement("button");
      button.type = "button";
      button.className = "flash__close";
      button.setAttribute("aria-label", text("msgDismiss", "Dismiss"));
      button.textContent = "\u00d7";
      button.addEventListener("click", function () { dismiss(flash); });
      flash.appendChild(button);

      if (flash.hasAttribute("data-autodismiss")) {
        // Pause while the user is reading or interacting (WCAG 2.2.1 timing).
        var timer = null;
        var start = function () { timer = window.setTimeout(function () { dismiss(flash); }, DISMISS_AFTER_MS); };
        var stop = function () { window.clearTimeout(timer); };
        flash.addEventListener("mouseenter", stop);
        flash.addEventListener("focusin", stop);
        flash.addEventListener("mouseleave", start);
        flash.addEventListener("focusout", start);
        start();
      }
    });
  }

  function showFlash(level, message) {
    var list = doc.querySelector(".flash-list");
    if (!list) {
      list = doc.createElement("ul");
      list.className = "flash-list";
      list.setAttribute("aria-live", "polite");
      var main = doc.getElementById("main");
      if (!main) return;
      main.insertBefore(list, main.firstChild);
    }
    var li = doc.createElement("li");
    li.className = "flash flash--" + level;
    if (level === "error") li.setAttribute("role", "alert");
    var span = doc.createElement("span");
    span.className = "flash__text";
    span.textContent = message;
    li.appendChild(span);
    list.appendChild(li);
    enhanceFlashes(list);
  }

  // ---- User menu (<details>): close on Escape and on a click elsewhere --------
  doc.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    Array.prototype.forEach.call(doc.querySelectorAll("details.menu[open]"), function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary && menu.contains(doc.activeElement)) summary.focus();
    });
  });
  doc.addEventListener("click", function (event) {
    Array.prototype.forEach.call(doc.querySelectorAll("details.menu[open]"), function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });

  // ---- htmx --------------------------------------------------------------------
  // Django's CSRF check for htmx requests (they do not carry the form's hidden input
  // when triggered from a non-form element).
  doc.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token) event.detail.headers["X-CSRFToken"] = token;
  });
  doc.addEventListener("htmx:responseError", function () {
    showFlash("error", text("msgServerError", "The server could not complete the request. Please try again."));
  });
  doc.addEventListener("htmx:sendError", function () {
    showFlash("error", text("msgNetworkError", "No connection to the server. Check the network and try again."));
  });
  doc.addEventListener("htmx:afterSwap", function (event) {
    enhanceFlashes(event.target);
  });

  // ---- Start -----------------------------------------------------------------
  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", function () { enhanceFlashes(doc); });
  } else {
    enhanceFlashes(doc);
  }
})();
