/*
 * The media library's chooser in the Markdown editor (core/media.py, core/views.py).
 *
 * Each Markdown editor gets an "Insert image" button that opens a <dialog>:
 * search the library and pick an image, or upload one with its alt text,
 * caption and credit. Either way the editor gets Markdown that carries the
 * alt text and caption: ![alt](url "caption"). A file dropped or pasted onto
 * the editor opens the same dialog with the file chosen, so it is described
 * before it goes in (django-markdownx would upload it at once; its handler
 * never sees the event).
 *
 * No inline handlers and no HTML built from strings (CSP, and alt text is
 * typed by people): every element is made with the DOM API.
 */
(function () {
  "use strict";

  // config/urls.py: the chooser's search; uploads go to the editor's own upload URL.
  var CHOOSER_URL = "/admin-tools/media/choose/";
  var FIELD_LABELS = { image: "Image", alt_text: "Alt text", caption: "Caption", credit: "Credit" };

  var dialog = null;
  var parts = {};
  var editor = null; // the textarea the dialog inserts into
  var searchTimer = null;

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function field(label, input, help) {
    var children = [element("label", { for: input.id, text: label }), input];
    if (help) children.push(element("div", { class: "help", text: help }));
    return element("div", { class: "media-chooser__field" }, children);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function build() {
    parts.note = element("p", { class: "media-chooser__note", id: "media-chooser-note" });
    parts.search = element("input", { type: "search", id: "media-chooser-search", autocomplete: "off" });
    parts.results = element("ul", { class: "media-chooser__results", "aria-live": "polite" });
    parts.file = element("input", { type: "file", id: "media-chooser-file", name: "image", accept: "image/jpeg,image/png,image/webp,image/gif", required: "" });
    parts.alt = element("input", { type: "text", id: "media-chooser-alt", name: "alt_text", maxlength: "200" });
    parts.decorative = element("input", { type: "checkbox", id: "media-chooser-decorative", name: "is_decorative" });
    parts.caption = element("input", { type: "text", id: "media-chooser-caption", name: "caption", maxlength: "300" });
    parts.credit = element("input", { type: "text", id: "media-chooser-credit", name: "credit", maxlength: "200" });
    parts.errors = element("div", { class: "media-chooser__errors", role: "alert" });
    parts.upload = element("button", { type: "submit", class: "button default", text: "Upload and insert" });
    parts.form = element("form", { class: "media-chooser__upload", novalidate: "" }, [
      element("h3", { text: "Upload a new image" }),
      field("Image", parts.file),
      field("Alt text", parts.alt, "What the image shows, for readers who cannot see it."),
      element("div", { class: "media-chooser__field media-chooser__check" }, [
        parts.decorative,
        element("label", { for: "media-chooser-decorative", text: "Decorative only (no alt text; screen readers skip it)" }),
      ]),
      field("Caption (optional)", parts.caption),
      field("Credit (optional)", parts.credit),
      parts.errors,
      parts.upload,
    ]);
    var close = element("button", { type: "button", class: "button media-chooser__close", text: "Close" });
    dialog = element("dialog", { class: "media-chooser", "aria-labelledby": "media-chooser-title", "aria-describedby": "media-chooser-note" }, [
      element("h2", { id: "media-chooser-title", text: "Insert an image" }),
      parts.note,
      element("section", { class: "media-chooser__library" }, [
        element("h3", { text: "From the media library" }),
        field("Search by alt text, caption or credit", parts.search),
        parts.results,
      ]),
      parts.form,
      close,
    ]);
    document.body.appendChild(dialog);
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { if (editor) editor.focus(); });
    parts.search.addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(search, 250);
    });
    parts.form.addEventListener("submit", function (event) {
      event.preventDefault();
      upload();
    });
  }

  function showErrors(errors) {
    parts.errors.textContent = "";
    Object.keys(errors).forEach(function (name) {
      var prefix = FIELD_LABELS[name] ? FIELD_LABELS[name] + ": " : "";
      [].concat(errors[name]).forEach(function (message) {
        parts.errors.appendChild(element("p", { class: "errornote", text: prefix + message }));
      });
    });
  }

  function search() {
    var url = CHOOSER_URL + "?q=" + encodeURIComponent(parts.search.value);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        parts.results.textContent = "";
        (data.items || []).forEach(function (item) {
          var words = item.alt_text || (item.decorative ? "Decorative image" : "No alt text yet");
          var choose = element("button", { type: "button", class: "media-chooser__item", "data-markdown": item.markdown }, [
            element("img", { src: item.thumbnail, alt: "", width: "96" }),
            element("span", { text: words + (item.caption ? " — " + item.caption : "") }),
          ]);
          choose.addEventListener("click", function () { insert(item.markdown); });
          parts.results.appendChild(element("li", {}, [choose]));
        });
        if (!parts.results.children.length) {
          parts.results.appendChild(element("li", { text: "No image in the library matches." }));
        }
      })
      .catch(function () { showErrors({ search: "The library could not be searched. Try again." }); });
  }

  function upload() {
    parts.errors.textContent = "";
    if (!parts.file.files.length) return showErrors({ image: "Choose an image file." });
    if (!parts.alt.value.trim() && !parts.decorative.checked) {
      parts.alt.focus();
      return showErrors({ alt_text: "Describe the image for readers who cannot see it, or mark it decorative." });
    }
    var data = new FormData(parts.form);
    parts.upload.disabled = true;
    fetch(editor.getAttribute("data-markdownx-upload-urls-path"), {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { image: "The upload failed (" + response.status + "). Try again." };
        });
      })
      .then(function (answer) {
        if (answer.image_code) {
          parts.form.reset();
          insert(answer.image_code);
        } else {
          showErrors(answer);
        }
      })
      .catch(function () { showErrors({ image: "The upload failed. Try again." }); })
      .then(function () { parts.upload.disabled = false; });
  }

  function insert(markdown) {
    var text = editor.value;
    // Where the caret was, once the text has been worked in; otherwise at the end.
    var at = editor.hasAttribute("data-media-chooser-caret") ? editor.selectionStart : text.length;
    var before = text.slice(0, at).replace(/\s*$/, "");
    var after = text.slice(at).replace(/^\s*/, "");
    var block = (before ? "\n\n" : "") + markdown + (after ? "\n\n" : "\n");
    editor.value = before + block + after;
    var caret = before.length + block.length;
    dialog.close();
    editor.focus();
    editor.setSelectionRange(caret, caret);
    // django-markdownx refreshes its preview on input.
    editor.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function open(textarea, files) {
    if (!dialog) build();
    editor = textarea;
    parts.errors.textContent = "";
    parts.form.reset();
    if (files && files.length) {
      var chosen = new DataTransfer();
      chosen.items.add(files[0]);
      parts.file.files = chosen.files;
      parts.note.textContent = "Describe “" + files[0].name + "” before it goes into the text.";
    } else {
      parts.note.textContent = "Pick an image from the library, or upload one with its alt text.";
    }
    dialog.showModal();
    if (files && files.length) parts.alt.focus();
    else parts.search.focus();
    search();
  }

  function editorOf(target) {
    return target && target.closest ? target.closest("textarea.markdownx-editor") : null;
  }

  // Capture phase, on the document: before django-markdownx's own handlers on the textarea.
  ["drop", "paste"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var textarea = editorOf(event.target);
      var transfer = type === "drop" ? event.dataTransfer : event.clipboardData;
      if (!textarea || !transfer || !transfer.files || !transfer.files.length) return;
      event.preventDefault();
      event.stopPropagation();
      open(textarea, transfer.files);
    }, true);
  });

  function addButtons() {
    document.querySelectorAll("textarea.markdownx-editor").forEach(function (textarea) {
      if (textarea.hasAttribute("data-media-chooser")) return;
      textarea.setAttribute("data-media-chooser", "");
      textarea.addEventListener("focus", function () {
        textarea.setAttribute("data-media-chooser-caret", "");
      });
      var button = element("button", { type: "button", class: "button media-chooser__open", text: "Insert image" });
      button.addEventListener("click", function () { open(textarea); });
      var hint = element("span", { class: "help media-chooser__hint", text: "or drop an image onto the text" });
      textarea.parentNode.insertBefore(element("div", { class: "media-chooser__bar" }, [button, hint]), textarea);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addButtons);
  else addButtons();
})();
