/* Reply links move the comment form under the comment being answered.
   Without JavaScript the same links reload the page with ?replytocom=ID. */
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;
  var form = respond.querySelector("form");
  var parentInput = form.querySelector("input[name=parent]");

  // The page may come from a cache shared by every reader: fetch this
  // reader's own form token (without it, the server asks to post again).
  var tokenInput = form.querySelector("input[name=token]");
  if (tokenInput && form.dataset.tokenUrl && window.fetch) {
    fetch(form.dataset.tokenUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && data.token) tokenInput.value = data.token; })
      .catch(function () {});
  }
  var title = respond.querySelector(".comment-reply-title__text");
  var cancel = document.getElementById("cancel-comment-reply-link");
  var home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  function reset() {
    home.parentNode.insertBefore(respond, home);
    parentInput.value = "";
    title.textContent = "Leave a Reply";
    cancel.hidden = true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".comment-reply-link");
    if (!link) return;
    var item = document.getElementById("comment-" + link.dataset.commentId);
    if (!item) return;
    event.preventDefault();
    var body = item.querySelector(".comment__body");
    body.parentNode.insertBefore(respond, body.nextSibling);
    parentInput.value = link.dataset.commentId;
    title.textContent = "Leave a Reply to " + link.dataset.name;
    cancel.hidden = false;
    var first = form.querySelector("textarea[name=body]");
    if (first) first.focus();
  });

  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    reset();
  });
})();
