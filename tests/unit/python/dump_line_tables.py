"""Dumps the line tables of every code object (recursively) of a few stdlib modules, with the
line CPython itself gives each code unit, for line_table_test.cc.

Output, one record a line:
  version <major> <minor> <micro>
  code <qualname> <co_firstlineno> <code units> <table hex or -> <line of unit 0> <line of unit 1> ...
The table is co_lnotab (<= 3.9) or co_linetable (3.10+). The per-unit lines come from
co_lines() (3.10+: CPython's own C iterator over the table; None -> -1) or, for <= 3.9, from
dis.findlinestarts() (the stdlib's decoder: a unit has the line of the last start at or before
its byte offset).
"""
import dis
import importlib.util
import sys

MODULES = sys.argv[1:] or ["argparse", "json.decoder", "dis", "asyncio.base_events"]


def code_objects(code):
    yield code
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            yield from code_objects(const)


def unit_lines(code):
    units = len(code.co_code) // 2
    lines = [-1] * units
    if hasattr(code, "co_lines"):
        for start, end, line in code.co_lines():
            for u in range(start // 2, min(end // 2, units)):
                lines[u] = -1 if line is None else line
    else:
        starts = list(dis.findlinestarts(code))
        k = 0
        current = code.co_firstlineno
        for u in range(units):
            while k < len(starts) and starts[k][0] <= 2 * u:
                current = starts[k][1]
                k += 1
            lines[u] = current
    return units, lines


def main():
    v = sys.version_info
    print("version", v.major, v.minor, v.micro)
    for name in MODULES:
        spec = importlib.util.find_spec(name)
        with open(spec.origin, "rb") as f:
            source = f.read()
        top = compile(source, spec.origin, "exec")
        for code in code_objects(top):
            table = code.co_linetable if sys.version_info >= (3, 10) else code.co_lnotab
            units, lines = unit_lines(code)
            qualname = getattr(code, "co_qualname", code.co_name).replace(" ", "_")
            print("code", name + ":" + qualname, code.co_firstlineno, units,
                  table.hex() or "-", " ".join(map(str, lines)))


main()
