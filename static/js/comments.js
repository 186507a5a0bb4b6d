/* Reply links move the comment form under the comment being answered.
   Without JavaScript the same links reload the page with ?replytocom=ID. */
(function () {
  "use strict";
  var respond = document.getElementById("respond");
  if (!respond) return;
  var form = respond.querySelector("form");
  var parentInput = form.querySelector("input[name=parent]");
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
