// The "Chia sẻ" button of an event page: the phone's share sheet where there is one, else the link copied.
// Without JavaScript the button stays hidden (the address bar still holds the link).
(function () {
  "use strict";

  // Copy text with the Clipboard API, or with a selected text field where that API is missing (plain HTTP).
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var done = document.execCommand("copy");
      document.body.removeChild(field);
      if (done) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  // Show text in the live region next to the button (screen readers read it out).
  function say(status, text) {
    status.textContent = text;
    status.className = "alert info";
  }

  // Show the button and make it share the page's link.
  function enhance(button) {
    var status = document.getElementById(button.getAttribute("aria-controls"));
    var data = { title: button.dataset.title, text: button.dataset.text, url: button.dataset.url };
    button.hidden = false;
    button.addEventListener("click", function () {
      var copyLink = function () {
        copy(data.url).then(function () { say(status, button.dataset.copied); },
                            function () { say(status, button.dataset.failed + " " + data.url); });
      };
      if (typeof navigator.share === "function") {
        navigator.share(data).catch(function (error) {
          if (!error || error.name !== "AbortError") copyLink();  // closing the share sheet is not a failure
        });
      } else {
        copyLink();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-share]").forEach(enhance);
  });
})();
