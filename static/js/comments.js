/* Reply links move the comment form under the comment being answered.
   Without JavaScript the same links reload the page with ?replytocom=ID.
   The writer's name, email and website can be kept in this browser. */
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
  rememberDetails(form);

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

  // Name, email and website kept in this browser, as WordPress's "Save my
  // name, email, and website" box does with cookies: only when it is ticked,
  // forgotten when it is unticked. In localStorage, so the page itself stays
  // the same for every reader (it may come from the shared page cache).
  function rememberDetails(form) {
    var KEY = "comment-author";
    var box = document.getElementById("comment-remember");
    var fields = ["name", "email", "url"].map(function (name) { return form.elements[name]; });
    var store;
    try {
      store = window.localStorage;
      store.getItem(KEY);
    } catch (error) {
      return; // Storage off (a private window, a setting): no box to offer.
    }
    if (!box || !store || !fields[0]) return;
    box.closest("p").hidden = false;
    var saved = null;
    try { saved = JSON.parse(store.getItem(KEY)); } catch (error) { saved = null; }
    // A form the server sent back after a problem holds what was typed: keep it.
    var blank = fields.every(function (field) { return !field || !field.value; });
    if (saved && typeof saved === "object") {
      box.checked = true;
      fields.forEach(function (field) {
        if (blank && field && typeof saved[field.name] === "string") field.value = saved[field.name];
      });
    }
    box.addEventListener("change", function () {
      if (!box.checked) store.removeItem(KEY);
    });
    form.addEventListener("submit", function () {
      if (!box.checked) {
        store.removeItem(KEY);
        return;
      }
      var details = {};
      fields.forEach(function (field) { if (field) details[field.name] = field.value.trim(); });
      try { store.setItem(KEY, JSON.stringify(details)); } catch (error) { /* full: not kept */ }
    });
  }
})();
