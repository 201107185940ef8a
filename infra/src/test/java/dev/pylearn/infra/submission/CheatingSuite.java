package dev.pylearn.infra.submission;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.worker.evaluation.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submissions that try to be judged passed without being right, each tried on every shipped
 * challenge through the real sandbox and the worker's evaluator: exiting early with any code (on
 * import or inside a call), killing the own process, printing or writing a forged report (in the
 * harness's own format too, to every descriptor, from an atexit handler or a thread), shadowing
 * builtins, objects whose {@code __eq__} is always true, reading the test's files, cutting the
 * report's descriptor. Each keeps the starter's names so the tests find something to call.
 */
final class CheatingSuite {

    /** One cheat: its name and how it turns a challenge's starter into a submission. */
    record Cheat(String name, Function<CatalogImporter.ChallengeFile, String> code) {
    }

    /** What one cheat got on one challenge. */
    record Attempt(String cheat, String challenge, String status, String message) {
        boolean passed() {
            return "passed".equals(status);
        }
    }

    private static final Pattern TOP_LEVEL = Pattern.compile("(?m)^(def|class) ([A-Za-z_][A-Za-z0-9_]*)");

    /** A forged report in the harness's format: 60 steps that "returned" True, then the end record. */
    private static final String FORGED = "''.join('{\"step\":%d,\"value\":true}\\n' % i for i in range(60)) "
            + "+ '{\"end\":true}\\n'";

    /** Python for objects that claim to equal anything, whatever is asked of them. */
    private static final String ALWAYS_EQUAL = """
            class _Anything(str):
                def __eq__(self, other): return True
                def __ne__(self, other): return False
                __hash__ = str.__hash__
                def __bool__(self): return True
                def __getattr__(self, name): return _Anything()
                def __call__(self, *a, **k): return _Anything()
                def __iter__(self): return iter([])
                def __len__(self): return 0
                def __repr__(self): return 'A'
                def __str__(self): return 'A'
                def __add__(self, other): return _Anything()
                __radd__ = __sub__ = __mul__ = __rmul__ = __abs__ = __add__
            """;

    static final List<Cheat> CHEATS = List.of(
            new Cheat("os._exit(0) on import", c -> "import os\nos._exit(0)\n" + c.starterCode()),
            new Cheat("os._exit(1) on import", c -> "import os\nos._exit(1)\n" + c.starterCode()),
            new Cheat("sys.exit(0) on import", c -> "import sys\nsys.exit(0)\n" + c.starterCode()),
            new Cheat("exit() on import", c -> "exit()\n" + c.starterCode()),
            new Cheat("os._exit(0) inside every call", c -> c.starterCode() + replaceAll(c, "import os; os._exit(0)")),
            new Cheat("sys.exit(0) inside every call", c -> c.starterCode() + replaceAll(c, "import sys; sys.exit(0)")),
            new Cheat("SIGKILL to itself", c -> "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
                    + c.starterCode()),
            new Cheat("SIGKILL to itself inside every call", c -> c.starterCode()
                    + replaceAll(c, "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")),
            new Cheat("prints a forged report", c -> c.starterCode() + "\nprint(" + FORGED + ", end='')\n"
                    + "import sys\nsys.__stdout__.write(" + FORGED + ")\nsys.__stdout__.flush()\n"),
            new Cheat("writes a forged report to every descriptor, then exits", c -> c.starterCode()
                    + "\nimport os\nfor fd in range(1, 64):\n    try:\n        os.write(fd, (" + FORGED
                    + ").encode())\n    except OSError:\n        pass\nos._exit(0)\n"),
            new Cheat("forges a report for the calls it reads from the test files", c -> c.starterCode()
                    + "\nimport json, os\nhere = os.path.dirname(os.path.abspath(__file__))\n"
                    + "try:\n    steps = json.load(open(os.path.join(here, 'calls.json')))['steps']\n"
                    + "except OSError:\n    steps = []\n"
                    + "report = ''.join('{\"step\":%d,\"done\":true}\\n' % i for i in range(len(steps))) "
                    + "+ '{\"end\":true}\\n'\nfor fd in range(1, 64):\n    try:\n        os.write(fd, report.encode())\n"
                    + "    except OSError:\n        pass\nos._exit(0)\n"),
            new Cheat("forges the report from an atexit handler", c -> c.starterCode()
                    + "\nimport atexit, os\natexit.register(lambda: [os.write(fd, (" + FORGED
                    + ").encode()) for fd in (1, 3, 4, 5)])\n"),
            new Cheat("forges the report from a thread", c -> c.starterCode()
                    + "\nimport os, threading, time\ndef forge():\n    while True:\n        for fd in (1, 3, 4, 5):\n"
                    + "            try:\n                os.write(fd, (" + FORGED + ").encode())\n"
                    + "            except OSError:\n                pass\n        time.sleep(0.01)\n"
                    + "threading.Thread(target=forge, daemon=True).start()\n"),
            new Cheat("shadows and patches builtins", c -> "import builtins, json, os\ncompile_ = compile\n"
                    + "builtins.isinstance = lambda *a: True\nbuiltins.len = lambda *a: 3\n"
                    + "builtins.repr = lambda *a: 'A'\nbuiltins.sorted = lambda *a, **k: []\n"
                    + "builtins.list = lambda *a: []\nbuiltins.type = lambda *a: 'tuple'\n"
                    + "builtins.compile = lambda *a, **k: compile_('True', '<x>', 'eval')\n"
                    + "json.dumps = lambda *a, **k: 'true'\nos.write = lambda fd, data: len(data)\n"
                    + "def print(*a, **k):\n    pass\n" + c.starterCode()),
            new Cheat("always-equal objects", c -> c.starterCode() + "\n" + ALWAYS_EQUAL + replaceAll(c, null)),
            new Cheat("returns what the test files contain", c -> c.starterCode()
                    + "\nimport os\ndef _everything():\n    here = os.path.dirname(os.path.abspath(__file__))\n"
                    + "    text = ''\n    for folder in (here, '/sandbox', os.getcwd()):\n        try:\n"
                    + "            for name in sorted(os.listdir(folder)):\n                try:\n"
                    + "                    text += open(os.path.join(folder, name)).read()\n"
                    + "                except OSError:\n                    pass\n        except OSError:\n"
                    + "            pass\n    return text\n"
                    + (c.content().style() == ChallengeStyle.IO ? "import sys\nprint(_everything() + sys.stdin.read())\n"
                    : replaceAll(c, "return _everything()"))),
            new Cheat("points the report's descriptor at /dev/null", c -> c.starterCode()
                    + "\nimport os\nnull = os.open('/dev/null', os.O_WRONLY)\nfor fd in range(1, 64):\n"
                    + "    if fd != null:\n        try:\n            os.dup2(null, fd)\n        except OSError:\n"
                    + "            pass\n"));

    /** Redefines every top-level function and class of the starter: each call runs {@code body}. */
    private static String replaceAll(CatalogImporter.ChallengeFile challenge, String body) {
        StringBuilder code = new StringBuilder("\n");
        Matcher names = TOP_LEVEL.matcher(challenge.starterCode());
        while (names.find()) {
            String name = names.group(2);
            String run = body == null ? "return _Anything()" : body;
            if (names.group(1).equals("def")) {
                code.append("def ").append(name).append("(*args, **kwargs):\n    ").append(run).append("\n");
            } else {
                code.append("class ").append(name).append(body == null ? "(_Anything)" : "")
                        .append(":\n    def __new__(cls, *args, **kwargs):\n        ").append(run).append("\n");
            }
        }
        if (challenge.content().style() == ChallengeStyle.IO && body != null && !body.startsWith("return")) {
            code.append(body.replace("; ", "\n")).append("\n");
        }
        return code.toString();
    }

    /** Every cheat on every challenge. */
    static List<Attempt> run(Judge judge) {
        return run(judge, judge.challenges);
    }

    /** Every cheat on each of {@code challenges}. */
    static List<Attempt> run(Judge judge, List<CatalogImporter.ChallengeFile> challenges) {
        ExecutorService submissions = Executors.newFixedThreadPool(3);
        try {
            List<Future<Attempt>> running = new ArrayList<>();
            for (Cheat cheat : CHEATS) {
                for (CatalogImporter.ChallengeFile challenge : challenges) {
                    running.add(submissions.submit(() -> {
                        Verdict verdict = judge.judge(challenge, cheat.code().apply(challenge));
                        return new Attempt(cheat.name(), challenge.content().challengeId(), verdict.status(),
                                Judge.notPassed(verdict));
                    }));
                }
            }
            List<Attempt> attempts = new ArrayList<>();
            for (Future<Attempt> attempt : running) {
                attempts.add(attempt.get());
            }
            return attempts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            submissions.shutdownNow();
        }
    }

    private CheatingSuite() {
    }
}
