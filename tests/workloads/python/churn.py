"""Code objects created, run and freed in a loop, so that freed code objects' addresses are
reused by new ones: functions named f0..f{N-1} (file "<churn-exec>", compiled from source; the
module code is never run: the function's code is taken from its co_consts) and g0..g{N-1} (file
"<churn-replace>", code.replace of a template). Prints "churn N"."""
import sys
import types

N = int(sys.argv[1]) if len(sys.argv) > 1 else 600

SOURCE = """
def f{i}(n):
    total = 0
    for k in range(n):
        total = (total * 31 + k) % 1000003
    return total
"""


def template(n):
    total = 0
    for k in range(n):
        total = (total * 31 + k) % 1000003
    return total


for i in range(N):
    module_code = compile(SOURCE.format(i=i), "<churn-exec>", "exec")
    function_code = next(c for c in module_code.co_consts if isinstance(c, types.CodeType))
    fn = types.FunctionType(function_code, globals())
    fn(20_000)
    del fn, function_code, module_code
    code = template.__code__.replace(co_name=f"g{i}", co_qualname=f"g{i}", co_filename="<churn-replace>")
    fn = types.FunctionType(code, globals())
    fn(20_000)
    del fn, code
print("churn", N)
