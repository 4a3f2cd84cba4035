// Forms of the portal: move the focus to the error summary when a form comes back with errors
// (GOV.UK / USWDS pattern), so keyboard and screen-reader users start where the problems are listed.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
