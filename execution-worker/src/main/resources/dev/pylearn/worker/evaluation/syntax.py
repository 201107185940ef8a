# Compiles solution.py once, without running it, and reports the first syntax error.
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "solution.py"), encoding="utf-8", errors="replace") as f:
    source = f.read()
try:
    compile(source, "solution.py", "exec")
    print("\x1eOK")
except (SyntaxError, ValueError) as error:
    print("\x1eSYNTAX " + json.dumps({"line": getattr(error, "lineno", None),
                                      "message": getattr(error, "msg", str(error))}))
