// Small enhancements; every page works without them.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  // A search box above a long <select> hides the options that do not match what is typed (accents optional).
  function enhanceSelectFilters(root) {
    root.querySelectorAll("input[data-filter-for]").forEach(function (box) {
      var select = document.getElementById(box.dataset.filterFor);
      if (!select || box.dataset.ready) return;
      box.dataset.ready = "1";
      box.hidden = false;
      box.addEventListener("input", function () {
        var wanted = fold(box.value.trim());
        var first = null;
        Array.prototype.forEach.call(select.options, function (option) {
          var show = !option.value || fold(option.text).indexOf(wanted) !== -1;
          option.hidden = !show;
          if (show && option.value && !first) first = option;
        });
        if (wanted && first) select.value = first.value;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceSelectFilters(document); });
  document.addEventListener("htmx:load", function (event) { enhanceSelectFilters(event.target); });

  // A failed htmx request says so instead of silently doing nothing.
  document.addEventListener("htmx:responseError", showError);
  document.addEventListener("htmx:sendError", showError);
  function showError(event) {
    var box = document.getElementById("request-error");
    // An error page answered for htmx has already been put in the box, in words that say what happened.
    if (!box || (event.detail.target && event.detail.target.id === "request-error")) return;
    box.textContent = document.body.dataset.errorMessage;
    box.hidden = false;
  }
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("request-error");
    if (box) box.hidden = true;
  });
})();

// The check-in desk: after each scan the code field is emptied, and focused again when the code was typed (or sent
// by a USB scanner) there, ready for the next ticket. After a camera scan the focus is elsewhere and stays there, so
// a phone's on-screen keyboard does not open over the result.
document.addEventListener("htmx:afterRequest", function (event) {
  var form = event.detail.elt;
  if (form && form.id === "scan-form") {
    var input = document.getElementById("scan-code");
    var typed = form.contains(document.activeElement);
    input.value = "";
    if (typed) input.focus();
  }
});

// A print button (the sheet of tickets): shown only with JavaScript; without it the page says to use the browser's
// own print command.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
