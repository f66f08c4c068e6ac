// After a form comes back with errors, move the keyboard and screen-reader focus to the
// summary, so people hear what to fix before anything else.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});

// Buttons that only work with JavaScript stay hidden without it (the page says what to do
// by hand instead): copy a text to the clipboard, print the page.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyFrom);
    var status = button.closest("li, div, section").querySelector(".copy-status");
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) {
          status.textContent = button.dataset.copiedMessage;
        }
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
});

// allauth's passkey script reports a failed or cancelled ceremony as an event; show it in the
// page's own words instead of only in the console.
document.addEventListener("allauth.error", function (event) {
  var box = document.querySelector("[data-webauthn-error-message]");
  if (box) {
    box.textContent = box.dataset.webauthnErrorMessage;
    event.preventDefault();
  }
});
