# Runs one function-style test: imports the learner's solution.py as a real module ("import
# solution": it is in sys.modules, `from __future__ import annotations` and dataclasses work), runs
# the test's setup and steps (read from calls.json: code only, never an expected value), and reports
# what each step gave, serialized, one JSON record a line, then {"end": true}. The worker compares.
#
# Why the report cannot be forged into a pass. Nothing in this process can be kept from the learner's
# code: it runs in the same interpreter and can read every object (gc, frames, ctypes), write to any
# file descriptor and end the process. So no secret is relied on here (a nonce in this process would
# be readable too). What makes the verdict safe is that it is decided elsewhere: the expected values
# never enter the sandbox, and the worker accepts a report only when it is complete and well formed
# (exactly one record per step, in order, then the end record, nothing after it). Exiting early,
# killing the process or an atexit handler leaves the report incomplete; writing records of one's
# own beside the harness's makes it malformed; writing a whole report instead of the harness's means
# choosing each value, which is no different from returning it from the function, and is judged the
# same way. The harness only keeps the learner from getting in its way by accident or on purpose:
# the report goes to the run's original stdout, moved to a descriptor of its own before the import,
# while fd 1 (print) is pointed at stderr; values are serialized by exact type with code of this file
# that calls no method the learner can override (so no __eq__, __repr__ or __iter__ of theirs runs
# here: a subclass of a built-in type is read through the built-in type's methods); steps see the builtins as they were before the import, so shadowing or patching a builtin
# changes nothing for the test.
import builtins
import json
import os
import sys


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "calls.json"), encoding="utf-8") as f:
        test = json.load(f)

    write, exit_now = os.write, os._exit
    channel = os.dup(1)
    os.dup2(2, 1)
    clean = dict(builtins.__dict__)
    type_ = type
    str_, int_, float_, bool_ = str, int, float, bool
    list_, tuple_, dict_, set_, frozenset_ = list, tuple, dict, set, frozenset
    none_type = type(None)
    base_exception = BaseException
    ord_, len_, hex_ = ord, len, hex
    int_repr, float_repr = int.__repr__, float.__repr__
    str_join, str_add = str.join, str.__add__
    issubclass_ = issubclass
    dict_items = dict.items
    list_append = list.append
    compile_, eval_, exec_, enumerate_, dict_get = compile, eval, exec, enumerate, dict.get

    def quote(text):
        parts = ['"']
        for ch in str_.__iter__(text):
            code = ord_(ch)
            if ch == '"':
                list_append(parts, '\\"')
            elif ch == "\\":
                list_append(parts, "\\\\")
            elif 32 <= code < 127:
                list_append(parts, ch)
            elif code < 0x10000:
                list_append(parts, "\\u%04x" % code)
            else:
                code -= 0x10000
                list_append(parts, "\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)))
        list_append(parts, '"')
        return str_join("", parts)

    def encode(value, depth=0):
        # by the type's place in the built-in hierarchy: a Counter is a dict, a namedtuple a tuple,
        # read through the built-in type's own methods, never through an override of the learner's
        kind = type_(value)
        if depth > 50:
            return '{"object":"nested too deeply"}'
        if value is None:
            return "null"
        if kind is bool_:
            return "true" if value else "false"
        if issubclass_(kind, int_):
            try:
                return '{"int":"' + int_repr(value) + '"}'
            except ValueError:
                return '{"object":"int too large"}'
        if issubclass_(kind, float_):
            return '{"float":"' + float_repr(value) + '"}'
        if issubclass_(kind, str_):
            return quote(str_add("", value))
        if issubclass_(kind, list_):
            return "[" + str_join(",", [encode(item, depth + 1) for item in list_.__iter__(value)]) + "]"
        if issubclass_(kind, tuple_):
            return '{"tuple":[' + str_join(",", [encode(item, depth + 1) for item in tuple_.__iter__(value)]) + "]}"
        if issubclass_(kind, set_) or issubclass_(kind, frozenset_):
            base = set_ if issubclass_(kind, set_) else frozenset_
            return '{"set":[' + str_join(",", [encode(item, depth + 1) for item in base.__iter__(value)]) + "]}"
        if issubclass_(kind, dict_):
            return '{"dict":[' + str_join(",", ["[" + encode(k, depth + 1) + "," + encode(v, depth + 1) + "]"
                                                 for k, v in dict_items(value)]) + "]}"
        return '{"object":' + quote(type_name(kind)) + "}"

    def type_name(kind):
        name = type_.__dict__["__name__"].__get__(kind)
        return name if type_(name) is str_ else "?"

    def exception(error):
        names = []
        for cls in type_.__dict__["__mro__"].__get__(type_(error)):
            name = type_name(cls)
            if dict_get(clean, name) is cls:
                list_append(names, name)
            else:
                try:
                    module = type_.__dict__["__module__"].__get__(cls)
                except base_exception:
                    module = "?"
                list_append(names, (module if type_(module) is str_ else "?") + "." + name)
        try:
            message = str_(error)
            message = message if type_(message) is str_ else None
        except base_exception:
            message = None
        return '"raised":[' + str_join(",", [quote(n) for n in names]) + '],"message":' + (
            "null" if message is None else quote(message))

    def emit(record):
        data = (record + "\n").encode("ascii")
        while data:
            written = write(channel, data)
            data = data[written:]

    def finish(code):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except base_exception:
                pass
        emit('{"end":true}')
        exit_now(code)

    sys.path.insert(0, here)
    try:
        import solution
    except base_exception as error:
        emit('{"phase":"import",' + exception(error) + "}")
        finish(0)
    namespace = {"__builtins__": dict_(clean), "__name__": "__test__"}
    for name, value in dict_items(dict_(solution.__dict__)):
        if type_(name) is str_ and not name.startswith("__") and name not in clean:
            namespace[name] = value
    if test.get("setup"):
        try:
            exec_(compile_(test["setup"], "<setup>", "exec"), namespace)
        except base_exception as error:
            emit('{"phase":"setup",' + exception(error) + "}")
            finish(0)
    steps = test["steps"]
    for index, code in enumerate_(steps):
        try:
            try:
                compiled, expression = compile_(code, "<step>", "eval"), True
            except SyntaxError:
                compiled, expression = compile_(code, "<step>", "exec"), False
            value = eval_(compiled, namespace)
            record = '"value":' + encode(value) if expression else '"done":true'
        except base_exception as error:
            record = exception(error)
        emit('{"step":' + int_repr(index) + "," + record + "}")
    finish(0)


if __name__ == "__main__":
    main()
