"""asyncio: tasks interleaving on one thread each read their own scopes, in C++ too."""
import asyncio
import os

import pytest

import hyperparameter_cpp as hp
import hp_test_ext as ext

SHARED = os.environ.get("HP_TEST_SHARED") == "1"  # hp_test_ext and _core share hyperparameter::runtime


def cpp_read(key):
    # hp.get reads this thread's stack in _core's C++ code; with the runtime,
    # hp_test_ext's hp::get (another extension's C++) reads the same.
    value = hp.get(key, -1)
    if SHARED:
        assert ext.get_int(key, -1) == value
    return value


async def task(name, value, log, first, second):
    log.append((name, "start", cpp_read("t.value")))
    with hp.scope(**{"t.value": value}):
        log.append((name, "open", cpp_read("t.value"), hp.get("t.value", -1)))
        await first.wait()                         # the other task runs here
        log.append((name, "after await", cpp_read("t.value")))
        second.set()
        await asyncio.sleep(0)
        with hp.scope(**{"t.inner": value * 10}):
            await asyncio.sleep(0)
            log.append((name, "inner", cpp_read("t.value"), cpp_read("t.inner")))
        log.append((name, "inner closed", cpp_read("t.inner")))
    log.append((name, "closed", cpp_read("t.value")))


@pytest.mark.parametrize("order", ["a first", "b first"])
def test_two_interleaved_tasks_see_their_own_scopes(order):
    log = []

    async def main():
        a_go, b_go = asyncio.Event(), asyncio.Event()
        with hp.scope(**{"t.value": 0}):
            if order == "a first":
                ta = asyncio.create_task(task("a", 1, log, a_go, b_go))
                tb = asyncio.create_task(task("b", 2, log, b_go, a_go))
            else:
                tb = asyncio.create_task(task("b", 2, log, b_go, a_go))
                ta = asyncio.create_task(task("a", 1, log, a_go, b_go))
            await asyncio.sleep(0)
            # Both tasks are suspended inside their scopes: main sees its own.
            assert cpp_read("t.value") == 0
            (a_go if order == "b first" else b_go).set()
            await asyncio.gather(ta, tb)
            assert cpp_read("t.value") == 0
        assert cpp_read("t.value") == -1

    hp.asyncio_run(main())
    for name, value in (("a", 1), ("b", 2)):
        mine = [entry[1:] for entry in log if entry[0] == name]
        assert mine == [
            ("start", 0),                  # a task starts from its creator's view
            ("open", value, value),
            ("after await", value),
            ("inner", value, value * 10),
            ("inner closed", -1),
            ("closed", 0),
        ], (name, log)
    # The two tasks did interleave.
    names = [entry[0] for entry in log]
    assert names != sorted(names) and names != sorted(names, reverse=True)
    assert hp.get("t.value", -1) == -1


def test_install_on_a_running_loop_and_hp_param_in_tasks():
    @hp.param("p")
    def f(n=0):
        return n

    async def worker(n):
        with hp.scope(**{"p.n": n}):
            for _ in range(5):
                await asyncio.sleep(0)
                assert f() == n and cpp_read("p.n") == n
        return f()

    async def main():
        hp.install_asyncio()
        return await asyncio.gather(*(worker(n) for n in range(1, 6)))

    assert asyncio.run(main()) == [0] * 5


def test_a_scope_in_a_task_without_the_factory_is_refused():
    async def main():
        with hp.scope(x=1):
            await asyncio.sleep(0)

    with pytest.raises(hp.Error, match="task factory"):
        asyncio.run(main())
    assert hp.get("x", 0) == 0


def test_scopes_in_tasks_closed_out_of_order_raise():
    async def main():
        a, b = hp.scope(k=1), hp.scope(k=2)
        a.__enter__()
        await asyncio.sleep(0)
        b.__enter__()
        await asyncio.sleep(0)
        with pytest.raises(hp.Error, match="out of order"):
            a.__exit__(None, None, None)
        assert cpp_read("k") == 2
        b.__exit__(None, None, None)
        return cpp_read("k")

    assert hp.asyncio_run(main()) == -1  # a closed with b
    assert hp.get("k", 0) == 0


def test_a_cancelled_task_closes_its_scopes():
    async def sleeper():
        with hp.scope(c=1):
            await asyncio.sleep(10)

    async def main():
        t = asyncio.create_task(sleeper())
        await asyncio.sleep(0)
        t.cancel()
        with pytest.raises(asyncio.CancelledError):
            await t
        return cpp_read("c")

    assert hp.asyncio_run(main()) == -1


def test_one_frame_open_in_two_tasks_at_once_closes_in_each():
    with hp.scope(k=1):
        frame = hp.current()

    async def use(log, first):
        with frame:
            await asyncio.sleep(0 if first else 0.01)  # the first to open closes first
            log.append(cpp_read("k"))
        log.append(cpp_read("k"))

    async def main():
        a, b = [], []
        await asyncio.gather(use(a, True), use(b, False))
        return a, b

    assert hp.asyncio_run(main()) == ([1, -1], [1, -1])
    assert hp.get("k", 0) == 0


def test_create_task_of_what_is_no_coroutine_fails_at_once_as_asyncio_does():
    async def main():
        future = asyncio.get_running_loop().create_future()
        future.set_result(1)
        with pytest.raises(TypeError, match="a coroutine was expected"):
            asyncio.get_running_loop().create_task(future)
        return True

    assert hp.asyncio_run(main())
