// After a form comes back with errors, move the keyboard and screen-reader focus to the
// summary, so people hear what to fix before anything else.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});
