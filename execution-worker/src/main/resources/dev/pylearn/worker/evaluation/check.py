# Runs one function-style test: the learner's solution.py as a module, then the test's assertion
# code in the same namespace. The verdict is the exit code (0 pass, 1 assertion failed, 2 the test
# raised, 3 the solution raised on import) and a line after the \x1e marker on stderr.
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))


def describe(error):
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename in ("solution.py", "test")]
    where = ""
    if frames:
        last = frames[-1]
        where = " (line %d of %s)" % (last.lineno, "your code" if last.filename == "solution.py" else "the test")
    return "%s: %s%s" % (type(error).__name__, error, where)


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.read()


def main():
    solution, test = read("solution.py"), read("test.py")
    namespace = {"__name__": "solution"}
    try:
        exec(compile(solution, "solution.py", "exec"), namespace)
    except SystemExit:
        pass
    except BaseException as error:
        sys.stdout.flush()
        sys.stderr.write("\x1e" + describe(error))
        sys.exit(3)
    try:
        exec(compile(test, "test", "exec"), namespace)
    except AssertionError as error:
        sys.stdout.flush()
        sys.stderr.write("\x1e" + (str(error) or "An assertion failed"))
        sys.exit(1)
    except BaseException as error:
        sys.stdout.flush()
        sys.stderr.write("\x1e" + describe(error))
        sys.exit(2)


main()
