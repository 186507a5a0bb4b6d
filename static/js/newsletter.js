/* The subscribe form after a post sits on a page cached for every reader,
   so it carries no CSRF token: fetch this reader's own before it is sent.
   Without JavaScript the server shows the form again with a token in it. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.newsletter__form[data-token-url]");
  if (!forms.length || !window.fetch) return;
  Array.prototype.forEach.call(forms, function (form) {
    if (form.querySelector("input[name=csrfmiddlewaretoken]")) return;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrfmiddlewaretoken";
    form.appendChild(input);
    fetch(form.dataset.tokenUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.token) input.value = data.token; })
      .catch(function () {});
  });
})();
