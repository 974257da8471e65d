"""asyncio with two tasks, each a chain of coroutines that spins and yields:
task_alpha -> alpha_step and task_beta -> beta_step."""
import asyncio


def spin(n):
    total = 0
    for i in range(n):
        total = (total * 31 + i) % 1000003
    return total


async def alpha_step():
    total = 0
    for i in range(20_000):
        total = (total * 31 + i) % 1000003
    await asyncio.sleep(0)
    return total


async def beta_step():
    total = 0
    for i in range(20_000):
        total = (total * 31 + i) % 1000003
    await asyncio.sleep(0)
    return total


async def task_alpha():
    total = 0
    for _ in range(150):  # a loop, not a comprehension: no <listcomp> frame in between
        total += await alpha_step()
    return total


async def task_beta():
    total = 0
    for _ in range(150):
        total += await beta_step()
    return total


async def main():
    a, b = await asyncio.gather(task_alpha(), task_beta())
    print("alpha", a, "beta", b)


asyncio.run(main())
