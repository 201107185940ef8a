#!/usr/bin/env python3
"""The drill's figures, from what the load recorded (REQUESTS, one JSON line a request), the drill's
timeline (TIMELINE: when each drill began and when its recovery was seen) and the database and Redis
of the drill. Per drill, over its window (from the fault to 5 s after recovery):
  requests failed  sent and answered 5xx or not at all (a refused connection, retried, is counted apart)
  events lost      acknowledged writes (lesson completions, submissions) with no event in the store
  duplicated       effects a user could see twice: a lesson completed twice, a submission with more than
                   one verdict, a dashboard or leaderboard whose XP differs from the event-sourced total
  no verdict       acknowledged submissions that never got one
  recovery         from the fault to the moment the drill saw the role working again
Usage: check.py REQUESTS TIMELINE DB REDIS_PREFIX"""
import json, subprocess, sys, collections

REQUESTS, TIMELINE, DB, PREFIX = sys.argv[1:5]


def sql(query):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-AtF", "\t", "-c", query],
                         capture_output=True, text=True, check=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


requests = [json.loads(line) for line in open(REQUESTS)]
timeline = [json.loads(line) for line in open(TIMELINE)]

completed = collections.Counter((r[0], r[1]) for r in sql(
    "SELECT aggregate_identifier, convert_from(payload, 'UTF8')::jsonb->>'lessonId' FROM domain_event_entry "
    "WHERE payload_type = 'dev.pylearn.api.learner.LessonCompleted'"))
requested = {r[0] for r in sql(
    "SELECT convert_from(payload, 'UTF8')::jsonb->>'submissionId' FROM domain_event_entry "
    "WHERE payload_type = 'dev.pylearn.api.submission.SubmissionRequested'")}
verdicts = collections.Counter(r[0] for r in sql(
    "SELECT convert_from(payload, 'UTF8')::jsonb->>'submissionId' FROM domain_event_entry "
    "WHERE payload_type = 'dev.pylearn.api.submission.SubmissionEvaluated'"))
unavailable = {r[0] for r in sql(
    "SELECT convert_from(payload, 'UTF8')::jsonb->>'submissionId' FROM domain_event_entry "
    "WHERE payload_type = 'dev.pylearn.api.submission.SubmissionEvaluated' "
    "AND convert_from(payload, 'UTF8')::jsonb->>'message' LIKE 'The code runner is unavailable%'")}
event_xp = {r[0]: int(r[1]) for r in sql(
    "SELECT aggregate_identifier, max((convert_from(payload, 'UTF8')::jsonb->>'totalXp')::bigint) "
    "FROM domain_event_entry WHERE payload_type = 'dev.pylearn.api.learner.XpAwarded' GROUP BY 1")}
dashboard_xp = {r[0]: int(r[1]) for r in sql("SELECT learner_id, xp FROM learner_dashboard")}
board = subprocess.run(["redis-cli", "--raw", "ZRANGE", PREFIX + "lb:global", "0", "-1", "WITHSCORES"],
                       capture_output=True, text=True).stdout.split()
board_xp = {board[i]: int(float(board[i + 1])) for i in range(0, len(board) - 1, 2)}


def figures(window):
    start, end = window
    inside = [r for r in requests if start <= r["start"] <= end]
    failed = [r for r in inside if r["status"] != "refused" and (not isinstance(r["status"], int) or r["status"] >= 500)]
    refused = sum(1 for r in inside if r["status"] == "refused")
    acked_lessons = {(r["learner"], r["lesson"]) for r in inside if r["kind"] == "completion" and "lesson" in r}
    acked_subs = {r["submission"] for r in inside if r["kind"] == "submission" and r.get("submission")}
    learners = {learner for learner, _ in acked_lessons} | {r["learner"] for r in inside if "learner" in r}
    lost = sum(1 for pair in acked_lessons if completed[pair] == 0) + sum(1 for s in acked_subs if s not in requested)
    duplicated = (sum(1 for pair in acked_lessons if completed[pair] > 1)
                  + sum(1 for s in acked_subs if verdicts[s] > 1)
                  + sum(1 for l in learners if event_xp.get(l, 0) != dashboard_xp.get(l, 0))
                  + sum(1 for l in learners if event_xp.get(l, 0) and board_xp.get(l) != event_xp[l]))
    no_verdict = sum(1 for s in acked_subs if verdicts[s] == 0)
    gave_up = sum(1 for s in acked_subs if s in unavailable)
    return len(inside), len(failed), refused, len(acked_lessons) + len(acked_subs), lost, duplicated, \
        no_verdict, gave_up, collections.Counter(str(r["status"]) for r in failed)


print("%-34s %8s %7s %8s %6s %6s %5s %8s %8s %10s" % ("drill", "requests", "failed", "refused", "acked",
                                                        "lost", "dupl.", "no verd.", "gave up", "recovery s"))
details = []
for drill in timeline:
    n, failed, refused, acked, lost, dup, nov, gave_up, kinds = figures((drill["fault"] - 1, drill["recovered"] + 5))
    print("%-34s %8d %7d %8d %6d %6d %5d %8d %8d %10.1f" % (drill["name"], n, failed, refused, acked, lost, dup, nov,
                                                             gave_up, drill["recovered"] - drill["fault"]))
    if kinds:
        details.append("  %s: failed requests by status %s" % (drill["name"], dict(kinds)))
    for key, value in drill.items():
        if key not in ("name", "fault", "recovered"):
            details.append("  %s: %s %s" % (drill["name"], key, value))
everything = (min(r["start"] for r in requests), max(r["start"] for r in requests))
n, failed, refused, acked, lost, dup, nov, gave_up, kinds = figures(everything)
print("%-34s %8d %7d %8d %6d %6d %5d %8d %8d %10s" % ("whole run", n, failed, refused, acked, lost, dup, nov,
                                                      gave_up, "-"))
print("\n".join(details))
