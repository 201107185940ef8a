#!/usr/bin/env python3
"""The drill's load: LEARNERS virtual learners against the API node, the mix of the load simulation
(infra/src/load, LearnerSimulation: dashboard, achievements, leaderboard, track, lesson completions,
challenge submissions, pages) with a short think time, until the file STOP exists. Every request is
written to OUT as one JSON line: when it started and ended, what it was, its status, and for
acknowledged writes what was acknowledged (the checks compare that with the event store).

BASE_URLS are the API nodes, comma-separated: a refused connection (nothing was sent: the node is
down) is sent again to the next one, as a load balancer would, and written as "refused"; a request
that was sent and got no answer or a 5xx is a failed request. A learner whose sign-up fails tries
again. Usage: load.py BASE_URLS LEARNERS OUT STOP"""
import json, os, random, sys, threading, time, urllib.error, urllib.request, uuid

BASES, LEARNERS, OUT, STOP = sys.argv[1].split(","), int(sys.argv[2]), sys.argv[3], sys.argv[4]
node = [0]  # the node all learners use now; moves on when it refuses connections
SOLUTION = ('def letter_grade(score):\n    if score < 0 or score > 100:\n        return "invalid"\n'
            '    for limit, grade in ((90, "A"), (80, "B"), (70, "C"), (60, "D")):\n'
            '        if score >= limit:\n            return grade\n    return "F"\n')
lock = threading.Lock()
out = open(OUT, "a", buffering=1)


def record(entry):
    with lock:
        out.write(json.dumps(entry) + "\n")


def call(kind, method, path, token=None, body=None, address=None, html=False, ack=None):
    """One request, retried while the connection is refused; returns (status, json or None)."""
    while True:
        started = time.time()
        base = node[0]
        request = urllib.request.Request(BASES[base] + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        request.add_header("Accept", "text/html" if html else "application/json")
        if address:
            request.add_header("X-Forwarded-For", address)
        if token and html:
            request.add_header("Cookie", "pylearn_session=" + token)
        elif token:
            request.add_header("Authorization", "Bearer " + token)
        status, payload = None, None
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read()
        except urllib.error.URLError as e:
            if isinstance(e.reason, ConnectionRefusedError):
                record({"start": started, "end": time.time(), "kind": kind, "status": "refused"})
                if os.path.exists(STOP):
                    return None, None
                with lock:
                    if node[0] == base:
                        node[0] = (base + 1) % len(BASES)
                time.sleep(0.1)
                continue
            status, text = "error: " + str(e.reason), b""
        except Exception as e:  # reset, timeout: sent, no answer
            status, text = "error: " + type(e).__name__, b""
        if isinstance(status, int) and not html and text:
            try:
                payload = json.loads(text)
            except ValueError:
                payload = None
        entry = {"start": started, "end": time.time(), "kind": kind, "status": status}
        if ack and isinstance(status, int) and 200 <= status < 300 and payload is not None:
            entry.update(ack(payload))
        record(entry)
        return status, payload


def learner():
    address = "2001:db8:%x:%x::1" % (random.getrandbits(16), random.getrandbits(16))
    while True:
        username = "drill-" + uuid.uuid4().hex[:12]
        status, body = call("register", "POST", "/api/auth/register", body={
            "username": username, "password": "drill password 1", "displayName": "Drill " + username,
            "timezone": "Europe/Berlin"}, address=address)
        if status == 201:
            break
        if os.path.exists(STOP):
            return
        time.sleep(1)
    token, learner_id = body["token"], body["learnerId"]
    status, track = call("track", "GET", "/api/tracks/python-basics", token)
    while status != 200:
        if os.path.exists(STOP):
            return
        time.sleep(1)
        status, track = call("track", "GET", "/api/tracks/python-basics", token)
    lessons = [l["lessonId"] for m in track["modules"] for l in m["lessons"]]
    nxt = 0
    while not os.path.exists(STOP):
        roll = random.random() * 100
        if roll < 25:
            call("dashboard", "GET", "/api/me/dashboard", token)
        elif roll < 35:
            call("achievements", "GET", "/api/me/achievements", token)
        elif roll < 45:
            call("leaderboard", "GET", "/api/leaderboards/global?limit=10", token)
        elif roll < 65:
            lesson = lessons[nxt % len(lessons)]
            nxt += 1
            call("completion", "POST", "/api/me/lessons/%s/completion" % lesson, token,
                 ack=lambda p, lesson=lesson: {"learner": learner_id, "lesson": lesson, "xp": p.get("xpAwarded")})
        elif roll < 68:
            call("submission", "POST", "/api/challenges/letter-grade/submissions", token, {"code": SOLUTION},
                 ack=lambda p: {"learner": learner_id, "submission": p.get("submissionId")})
        elif roll < 86:
            call("page: dashboard", "GET", "/dashboard", token, html=True)
        else:
            call("page: lesson", "GET", "/lessons/" + lessons[nxt % len(lessons)], token, html=True)
        time.sleep(random.uniform(0.2, 0.8))


threads = [threading.Thread(target=learner, daemon=True) for _ in range(LEARNERS)]
for thread in threads:
    thread.start()
    time.sleep(0.05)
for thread in threads:
    thread.join()
