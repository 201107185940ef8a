// The code editor of every page where a learner writes Python (challenge and battle pages): turns the page's
// plain text area into a CodeMirror editor with Python highlighting, 4-space indentation, Tab/Shift-Tab,
// undo and a way out with the keyboard. Without JavaScript the text area stays and the form still posts it.
// Loaded after CodeMirror and before the page's own script, which calls PyLearnEditor.attach.
(function () {
  "use strict";
  if (!window.CodeMirror) { return; }

  // Colours a <code> block of Python with CodeMirror's own tokenizer (statements, tests, submitted code).
  function highlight(code) {
    var text = code.textContent, mode = CodeMirror.getMode(CodeMirror.defaults, "python");
    var state = CodeMirror.startState(mode), fragment = document.createDocumentFragment();
    text.split("\n").forEach(function (line, index) {
      if (index > 0) { fragment.appendChild(document.createTextNode("\n")); }
      var stream = new CodeMirror.StringStream(line, 4);
      if (!line && mode.blankLine) { mode.blankLine(state); }
      while (!stream.eol()) {
        var style = mode.token(stream, state), piece = stream.current();
        if (style) {
          var span = document.createElement("span");
          span.className = style.split(" ").map(function (s) { return "cm-" + s; }).join(" ");
          span.textContent = piece;
          fragment.appendChild(span);
        } else {
          fragment.appendChild(document.createTextNode(piece));
        }
        stream.start = stream.pos;
      }
    });
    code.textContent = "";
    code.appendChild(fragment);
  }

  // an indent or dedent is an undo step of its own, not merged into the typing around it
  function undoStep(action) {
    return function (cm) {
      cm.changeGeneration(true);
      action(cm);
      cm.changeGeneration(true);
    };
  }

  // Replaces the text area with the editor. The text area keeps its id, name and form: CodeMirror copies the
  // code back into it when the form is submitted. The element marked data-editor-hint (if any) is told how
  // the keys work; the text area's label then focuses the editor.
  function attach(textarea) {
    // Tab indents and Shift-Tab dedents, as in any code editor; so that the keyboard is never trapped,
    // Escape and then Tab (or Shift-Tab) leaves the editor, as the hint under its label says.
    var escaped = false;
    var label = textarea.form ? textarea.form.querySelector("label[for='" + textarea.id + "']") : null;
    var editor = CodeMirror.fromTextArea(textarea, {
      mode: { name: "python", version: 3 },
      lineNumbers: true,
      indentUnit: 4,
      tabSize: 4,
      indentWithTabs: false,
      matchBrackets: true,
      // brackets only: auto-closed quotes misfire on f-strings and on quotes typed at a word's end
      autoCloseBrackets: "()[]{}",
      viewportMargin: Infinity,
      screenReaderLabel: label ? label.textContent : "Your code (Python)",
      extraKeys: {
        "Esc": function () { escaped = true; },
        "Tab": undoStep(function (cm) {
          if (cm.somethingSelected()) { cm.indentSelection("add"); }
          else { cm.replaceSelection(Array(cm.getOption("indentUnit") + 1).join(" "), "end", "+input"); }
        }),
        "Shift-Tab": undoStep(function (cm) { cm.indentSelection("subtract"); })
      }
    });
    // a Tab right after Escape is left to the browser (CodeMirror ignores the event), which moves the focus
    editor.on("keydown", function (cm, event) {
      if (event.key === "Tab" && escaped) {
        escaped = false;
        event.codemirrorIgnore = true;
      } else if (event.key !== "Escape" && event.key !== "Shift") {
        escaped = false;
      }
    });
    editor.on("blur", function () { escaped = false; });
    var input = editor.getInputField();
    if (textarea.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    }
    if (textarea.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", "true"); }
    var hint = textarea.parentNode.querySelector("[data-editor-hint]");
    if (hint) {
      hint.textContent = "Tab indents and Shift+Tab dedents; Ctrl+Z undoes. To leave the editor with the keyboard, "
        + "press Escape, then Tab.";
    }
    // the label still names the editor: clicking it focuses the editor
    if (label) {
      label.addEventListener("click", function (event) { event.preventDefault(); editor.focus(); });
    }
    return editor;
  }

  window.PyLearnEditor = { attach: attach, highlight: highlight };
})();
