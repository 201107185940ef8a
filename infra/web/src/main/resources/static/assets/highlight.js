// Colours the Python code blocks of a lesson with CodeMirror's run mode (no editor, just tokens).
(function () {
  "use strict";
  if (!window.CodeMirror || !CodeMirror.runMode) { return; }
  document.querySelectorAll("pre > code.language-python").forEach(function (code) {
    CodeMirror.runMode(code.textContent, "python", code);
    code.classList.add("cm-s-default");
  });
})();
