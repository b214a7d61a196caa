"""The kraft-canary routing contract (docs/client.md) in Python's standard library alone.

A second implementation, written from the spec, that proves it can be implemented: the test
suite runs it against docs/bucket-vectors.json and docs/acceptance-vectors.json.

    python3 kraft_canary_routing.py docs/bucket-vectors.json docs/acceptance-vectors.json
"""
import hashlib
import json
import math
import re
import sys

MAX_BYTES = 4096
MAX_DEPTH = 16
BUCKETS = 10000
PHASES = ("idle", "canary", "draining", "complete", "rolled-back")
PHASE_RULES = {  # (greenPercent, consumers.blue, consumers.green); None: not pinned
    "idle": (0, True, None),
    "canary": (None, True, True),
    "draining": (100, True, True),
    "complete": (100, False, True),
    "rolled-back": (0, True, None),
}
# re.ASCII: \d is 0-9 only, as in JavaScript. fullmatch: no trailing-newline slack.
MIGRATION_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}", re.ASCII)
UPDATED_AT = re.compile(
    r"(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])"
    r"-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3])"
    r":[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))",
    re.ASCII,
)


class Refused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _no_constants(name):
    raise ValueError(name)  # NaN, Infinity and -Infinity are not JSON


def _unique_keys(pairs):
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("a key appears twice in one object")
    return dict(pairs)


def _depth(text):
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (False, in_string) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def valid_percent(value):
    return is_number(value) and 0 <= value <= 100 and round(value * 100) / 100 == value


def _text(value, low, high, pattern=None):
    return isinstance(value, str) and low <= len(value) <= high and (pattern is None or pattern.fullmatch(value))


def _closed(value, fields):
    """fields: name -> (required, check). True when value is an object that satisfies them."""
    if not isinstance(value, dict) or any(key not in fields for key in value):
        return False
    return all((name in value and check(value[name])) if required else (name not in value or check(value[name]))
               for name, (required, check) in fields.items())


BOOLEAN = (True, lambda v: isinstance(v, bool))
FIELDS = {
    "schema": (True, lambda v: True),  # any other value than 1 was refused before: unknown-schema
    "migration": (True, lambda v: _text(v, 1, 63, MIGRATION_ID)),
    "revision": (True, lambda v: is_number(v) and math.isfinite(v) and v == int(v) and 0 <= v <= 2**53 - 1),
    "phase": (True, lambda v: v in PHASES),
    "producers": (True, lambda v: _closed(v, {"greenPercent": (True, valid_percent)})),
    "consumers": (True, lambda v: _closed(v, {"blue": BOOLEAN, "green": BOOLEAN})),
    "clusters": (False, lambda v: _closed(v, {c: (False, lambda s: _text(s, 1, 1024)) for c in ("blue", "green")})),
    "updatedAt": (True, lambda v: _text(v, 1, math.inf, UPDATED_AT)),
    "updatedBy": (True, lambda v: _text(v, 1, 256)),
    "reason": (True, lambda v: _text(v, 0, 1024)),
    "executionArn": (False, lambda v: _text(v, 1, 2048)),
}


def parse_document(text):
    """The routing document in `text`, or Refused with the code of the first rule it breaks."""
    if text is None:
        raise Refused("missing")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise Refused("oversize")
    try:
        if text.startswith("\ufeff") or _depth(text) > MAX_DEPTH:
            raise ValueError("byte-order mark or nesting")
        value = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError):
        raise Refused("malformed-json")
    if isinstance(value, dict) and "schema" in value and not (is_number(value["schema"]) and value["schema"] == 1):
        raise Refused("unknown-schema")
    if not _closed(value, FIELDS):
        raise Refused("invalid")
    percent, blue, green = PHASE_RULES[value["phase"]]
    consumers = value["consumers"]
    if not (consumers["blue"] or consumers["green"]) or (percent is not None and value["producers"]["greenPercent"] != percent) \
            or (blue is not None and consumers["blue"] != blue) or (green is not None and consumers["green"] != green):
        raise Refused("invalid")
    return value


def precedence(current, candidate):
    if current is None:
        return "replaces"
    if candidate["revision"] < current["revision"]:
        return "older"
    if candidate["revision"] == current["revision"]:
        if candidate == current:  # parsed values: key order, 20 vs 20.0 and -0 vs 0 do not matter
            return "confirms"
        if candidate["phase"] != "rolled-back" or current["phase"] == "rolled-back":
            return "conflicts"
    return "after-complete" if current["phase"] == "complete" and candidate["phase"] != "complete" else "replaces"


REFUSALS = {"older": "older-revision", "conflicts": "conflicting-revision", "after-complete": "after-complete"}


def judge(text, migration, in_force):
    """(verdict, code, document in force afterwards); in_force None is the static default."""
    try:
        document = parse_document(text)
    except Refused as refusal:
        return "refused", refusal.code, in_force
    if document["migration"] != migration:
        return "refused", "wrong-migration", in_force
    verdict = precedence(in_force, document)
    if verdict == "replaces":
        return "accepted", None, document
    if verdict == "confirms":
        return "confirmation", None, in_force
    return "refused", REFUSALS[verdict], in_force


def static_default(migration):
    return {"migration": migration, "revision": 0, "phase": "idle", "producers": {"greenPercent": 0},
            "consumers": {"blue": True, "green": False}}


def bucket(migration, unit):
    digest = hashlib.sha256((migration + ":" + unit).encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:4], "big") % BUCKETS


def route_producer(document, unit):
    return "green" if bucket(document["migration"], unit) < int(round(document["producers"]["greenPercent"] * 100)) else "blue"


def route_of(document, units):
    return {"revision": document["revision"], "phase": document["phase"], "greenPercent": document["producers"]["greenPercent"],
            "consume": [c for c in ("blue", "green") if document["consumers"][c]],
            "producers": [route_producer(document, unit) for unit in units]}


def check_file(path):
    """The vectors of one file this implementation disagrees with, as readable lines."""
    with open(path, encoding="utf-8") as file:
        vectors = json.load(file)
    if "buckets" in vectors:
        return [f"bucket {v}" for v in vectors["vectors"] if bucket(v["migration"], v["unit"]) != v["bucket"]]
    failures = []
    for case in vectors["cases"]:
        verdict, code, after = judge(case["text"], vectors["migration"], case["inForce"])
        got = {"verdict": verdict, **({"code": code} if code else {}),
               "route": route_of(after or static_default(vectors["migration"]), vectors["units"])}
        if got != case["expect"]:
            failures.append(f"{case['name']}: expected {case['expect']}, got {got}")
    return failures


if __name__ == "__main__":
    total = 0
    for vector_file in sys.argv[1:]:
        problems = check_file(vector_file)
        total += len(problems)
        print("\n".join(problems) if problems else f"{vector_file}: every vector agrees")
    sys.exit(1 if total else 0)
