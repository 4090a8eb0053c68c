// treatytrack report: filters, event details, and links from timeline steps to sentences.
// Inlined into the page and allowed by the page's Content-Security-Policy by its hash.
// It never builds markup from strings: details are cloned from <template>s the server
// rendered (and escaped), and text is only ever set as text.
(function () {
  "use strict";

  var details = document.getElementById("details");
  var body = details.querySelector(".details-body");
  var pinned = null;

  function eventsOf(element) {
    return (element.getAttribute("data-events") || "").split(" ").filter(Boolean);
  }

  function place(mark) {
    var box = mark.getBoundingClientRect();
    var width = Math.min(details.offsetWidth || 360, window.innerWidth - 16);
    var left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    details.style.left = window.scrollX + left + "px";
    details.style.top = window.scrollY + box.bottom + 6 + "px";
  }

  function show(mark, pin) {
    body.replaceChildren();
    eventsOf(mark).forEach(function (id) {
      var card = document.getElementById("card-" + id);
      if (card && card.content) {
        body.appendChild(card.content.cloneNode(true));
      }
    });
    details.hidden = false;
    place(mark);
    pinned = pin ? mark : null;
  }

  function hide() {
    details.hidden = true;
    pinned = null;
  }

  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
  marks.forEach(function (mark) {
    // The native tooltip would cover the details box; keep its text for screen readers.
    mark.setAttribute("aria-label", mark.getAttribute("title") || "");
    mark.removeAttribute("title");
    mark.addEventListener("mouseenter", function () {
      if (!pinned) show(mark, false);
    });
    mark.addEventListener("mouseleave", function () {
      if (!pinned) hide();
    });
    mark.addEventListener("click", function (event) {
      event.stopPropagation();
      if (pinned === mark) hide();
      else show(mark, true);
    });
    mark.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        show(mark, true);
      }
    });
  });
  details.querySelector(".close").addEventListener("click", hide);
  details.addEventListener("click", function (event) {
    event.stopPropagation();
  });
  document.addEventListener("click", function () {
    if (pinned) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });

  // Links to sentences: scroll there (the browser does) and flash the sentence.
  function flash(anchor) {
    if (!anchor || anchor.charAt(0) !== "s") return;
    var selector = '[data-sentences~="' + CSS.escape(anchor) + '"]';
    var pieces = document.querySelectorAll(selector);
    pieces.forEach(function (piece) {
      piece.classList.add("flash");
    });
    window.setTimeout(function () {
      pieces.forEach(function (piece) {
        piece.classList.remove("flash");
      });
    }, 1600);
  }
  window.addEventListener("hashchange", function () {
    flash(decodeURIComponent(window.location.hash.slice(1)));
  });
  if (window.location.hash) flash(decodeURIComponent(window.location.hash.slice(1)));

  // Filters: by party, status and kind, on agreements and events together.
  var selects = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var filterable = Array.prototype.slice.call(document.querySelectorAll("[data-filterable]"));
  var documents = Array.prototype.slice.call(document.querySelectorAll("[data-document]"));
  var shown = document.getElementById("filter-shown");
  var none = document.querySelector(".filtered-out");

  function wanted() {
    var out = {};
    selects.forEach(function (select) {
      if (select.value) out[select.getAttribute("data-filter")] = select.value;
    });
    return out;
  }

  function matches(element, filters) {
    return Object.keys(filters).every(function (key) {
      var have = (element.getAttribute("data-" + key) || "").split(" ");
      return have.indexOf(filters[key]) >= 0;
    });
  }

  function apply() {
    var filters = wanted();
    var active = Object.keys(filters).length > 0;
    var visibleEvents = {};
    var agreements = 0;
    var total = 0;
    filterable.forEach(function (element) {
      var ok = matches(element, filters);
      element.hidden = !ok;
      var id = element.getAttribute("data-event");
      if (id && ok) visibleEvents[id] = true;
      if (element.hasAttribute("data-agreement")) {
        total += 1;
        if (ok) agreements += 1;
      }
    });
    marks.forEach(function (mark) {
      var seen = eventsOf(mark).some(function (id) {
        return visibleEvents[id];
      });
      mark.classList.toggle("muted", active && !seen);
    });
    documents.forEach(function (doc) {
      var visible = doc.querySelector("tr[data-event]:not([hidden])");
      doc.hidden = active && !visible;
    });
    if (none) none.hidden = !(active && total > 0 && agreements === 0);
    shown.textContent = active ? "showing " + agreements + " of " + total + " agreements" : "";
  }

  selects.forEach(function (select) {
    select.addEventListener("change", apply);
  });
  document.getElementById("filter-reset").addEventListener("click", function () {
    selects.forEach(function (select) {
      select.value = "";
    });
    apply();
  });
  apply();
})();
