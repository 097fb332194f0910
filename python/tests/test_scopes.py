"""Scopes from Python: nesting and rollback, typed values, frames, config files, threads."""
import os
import pathlib
import threading

import pytest

import hyperparameter_cpp as hp

DATA = os.environ.get("HP_TEST_DATA", os.path.join(os.path.dirname(__file__), "data"))


def test_nested_scopes_roll_back():
    assert hp.get("dnn.layers", 3) == 3
    with hp.scope("dnn.layers=4"):
        assert hp.get("dnn.layers", 3) == 4
        with hp.scope(**{"dnn.layers": 8, "dnn.activation": "sigmoid"}):
            assert hp.get("dnn.layers", 3) == 8
            assert hp.get("dnn.activation", "relu") == "sigmoid"
        assert hp.get("dnn.layers", 3) == 4
        assert hp.get("dnn.activation", "relu") == "relu"
    assert hp.get("dnn.layers", 3) == 3
    assert not hp.has("dnn.layers")


def test_scope_rolls_back_when_the_block_raises():
    with pytest.raises(KeyError):
        with hp.scope(a=1):
            raise KeyError("inside")
    assert hp.get("a", 0) == 0


def test_values_keep_their_python_types():
    with hp.scope(i=3, f=2.5, b=True, s="text", l=[1, 2, 3], t=(1.5, 2.5), n=["a", "b"]):
        assert hp.get("i") == 3 and type(hp.get("i")) is int
        assert hp.get("f") == 2.5
        assert hp.get("b") is True
        assert hp.get("s") == "text"
        assert hp.get("l") == [1, 2, 3]
        assert hp.get("t") == [1.5, 2.5]
        assert hp.get("n") == ["a", "b"]


def test_get_is_typed_by_its_default():
    with hp.scope("n=4", "x=0.5", "flag=yes", "names=a,b", "sizes=[64,32]", "bare"):
        assert hp.get("n", 1) == 4 and type(hp.get("n", 1)) is int
        assert hp.get("n", 1.0) == 4.0 and type(hp.get("n", 1.0)) is float
        assert hp.get("n", "") == "4"
        assert hp.get("n") == "4"  # a define's text stays text without a default
        assert hp.get("x", 1.0) == 0.5
        assert hp.get("flag", False) is True
        assert hp.get("bare", False) is True
        assert hp.get("names", ["x"]) == ["a", "b"]
        assert hp.get("sizes", [0]) == [64, 32]
        assert hp.get("names", []) == ["a", "b"]  # an empty list default still asks for a list
        assert hp.get("sizes", []) == ["64", "32"]
        assert hp.get("n", []) == ["4"]
        assert hp.get("absent", []) == []
        assert hp.get("absent", 7) == 7
        assert hp.get("absent", None) is None


def test_dotted_keys_and_defines_together():
    with hp.scope("a.b=1", **{"a.c": 2}) as s:
        assert isinstance(s, hp.scope)
        assert hp.get("a.b", 0) == 1 and hp.get("a.c", 0) == 2


def test_interpolation_reads_the_current_view():
    with hp.scope("data.root=/data", "data.train=${data.root}/train"):
        assert hp.get("data.train", "") == "/data/train"


def test_a_scope_object_can_be_entered_again_and_nested():
    s = hp.scope(k=1)
    with s:
        with hp.scope(k=2):
            with s:
                assert hp.get("k", 0) == 1
            assert hp.get("k", 0) == 2
    assert hp.get("k", 0) == 0


def test_closing_out_of_order_raises_and_changes_nothing():
    a, b = hp.scope(k=1), hp.scope(k=2)
    a.__enter__()
    b.__enter__()
    with pytest.raises(hp.Error, match="closed out of order"):
        a.__exit__(None, None, None)
    assert hp.get("k", 0) == 2  # still under b
    b.__exit__(None, None, None)
    assert hp.get("k", 0) == 0  # a closed with b
    with pytest.raises(hp.Error, match="not open"):
        a.__exit__(None, None, None)


def test_a_generator_holding_a_scope_cannot_corrupt_the_stack():
    def gen():
        with hp.scope(g=1):
            yield hp.get("g", 0)
            yield hp.get("g", 0)

    it = gen()
    assert next(it) == 1
    with hp.scope(g=2):
        with pytest.raises(hp.Error, match="out of order"):
            list(it)  # the generator's scope closes under ours
        assert hp.get("g", 0) == 2
    assert hp.get("g", 0) == 0  # nothing left open


def test_a_scope_garbage_collected_while_open_closes():
    s = hp.scope(gc=1)
    s.__enter__()
    inner = hp.scope(gc=2)
    inner.__enter__()
    del s  # not the innermost: closes once inner does
    assert hp.get("gc", 0) == 2
    inner.__exit__(None, None, None)
    assert hp.get("gc", 0) == 0
    t = hp.scope(gc=3)
    t.__enter__()
    del t  # the innermost: closes now
    assert hp.get("gc", 0) == 0


def test_current_frame_is_a_snapshot_that_can_be_entered():
    with hp.scope(**{"dnn.layers": 4}):
        f = hp.current()
    assert hp.get("dnn.layers", 3) == 3
    assert f.get("dnn.layers", 3) == 4 and f.get("dnn.layers") == 4
    assert "dnn.layers" in f and len(f) == 1 and f.items() == [("dnn.layers", 4)]
    with hp.scope(**{"other": 1}):
        with f:  # exactly the frame's view, not a merge with what is open
            assert hp.get("dnn.layers", 3) == 4
            assert hp.get("other", 0) == 0
        with hp.scope(f):
            assert hp.get("dnn.layers", 3) == 4
        assert hp.get("other", 0) == 1
    assert hp.Frame().keys() == []


def test_sources_name_the_python_line():
    with hp.scope(**{"k": 1}), hp.scope("d=2"):
        f = hp.current()
    assert f.source("k").startswith("test_scopes.py:")
    assert f.source("d") == "define 'd=2'"


def test_threads_are_isolated_and_start_from_the_frozen_base():
    seen = {}

    def worker(name, value):
        seen[name + ".before"] = hp.get("t", -1)
        with hp.scope(t=value):
            barrier.wait()
            seen[name] = hp.get("t", -1)
            barrier.wait()

    barrier = threading.Barrier(2)
    with hp.scope(t=100):
        threads = [threading.Thread(target=worker, args=(n, v)) for n, v in (("a", 1), ("b", 2))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert hp.get("t", -1) == 100
    assert seen == {"a.before": -1, "b.before": -1, "a": 1, "b": 2}


def test_freeze_sets_the_base_of_later_threads():
    out = []
    try:
        with hp.scope(**{"base.k": 5}):
            hp.freeze()
        t = threading.Thread(target=lambda: out.append(hp.get("base.k", 0)))
        t.start()
        t.join()
    finally:
        hp.freeze()  # the empty view again
    assert out == [5]
    t = threading.Thread(target=lambda: out.append(hp.get("base.k", 0)))
    t.start()
    t.join()
    assert out == [5, 0]


def test_bind_carries_the_view_to_other_threads():
    from concurrent.futures import ThreadPoolExecutor

    with hp.scope(**{"b.n": 3}):
        bound = hp.bind(lambda m: hp.get("b.n", 0) * m)
        unbound = lambda m: hp.get("b.n", 0) * m  # noqa: E731
    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(bound, [1, 2])) == [3, 6]
        assert list(pool.map(unbound, [1, 2])) == [0, 0]
    assert bound(5) == 15 and hp.get("b.n", 0) == 0


def test_a_scope_closed_on_another_thread_raises():
    s = hp.scope(x=1)
    s.__enter__()
    errors = []

    def close():
        try:
            s.__exit__(None, None, None)
        except hp.Error as e:
            errors.append(str(e))

    t = threading.Thread(target=close)
    t.start()
    t.join()
    assert errors and "where it is not open" in errors[0]
    assert hp.get("x", 0) == 1
    s.__exit__(None, None, None)
    assert hp.get("x", 0) == 0


@pytest.mark.parametrize("name,key,expected", [
    ("train.yaml", "dnn.layers", 6),
    ("train.json", "dnn.layers", 5),
    ("train.toml", "dnn.layers", 7),
])
def test_load_config_is_usable_as_a_scope(name, key, expected):
    fmt = {"yaml": "yaml", "json": "json", "toml": "toml"}[name.rsplit(".", 1)[1]]
    if fmt not in hp._core._formats():
        with pytest.raises(hp.Error, match="support is not compiled in"):
            hp.load_config(os.path.join(DATA, name))
        return
    config = hp.load_config(os.path.join(DATA, name))
    assert isinstance(config, hp.Params) and config.get(key) == expected
    assert hp.load_config(pathlib.Path(DATA) / name).get(key) == expected  # any path-like object
    with config:
        assert hp.get(key, 0) == expected
    with hp.scope(config):
        assert hp.get(key, 0) == expected
    assert hp.get(key, 0) == 0


def test_yaml_config_keeps_types_and_sources():
    if "yaml" not in hp._core._formats():
        pytest.skip("this build has no YAML adapter")
    config = hp.load_config(os.path.join(DATA, "train.yaml"))
    assert config.keys() == ["dnn.layers", "dnn.activation", "train.lr"]
    assert config.get("train.lr") == 0.01
    assert config.source("dnn.layers").endswith("train.yaml:2")


def test_one_scope_object_open_on_several_threads_closes_on_each():
    # A opens it, then B; A closes first while B's is still open.
    shared = hp.scope(k=1)
    a_in, b_in, a_out, b_out = (threading.Event() for _ in range(4))
    seen, errors = {}, []

    def use(name, first, opened, hold, done):
        first.wait()
        try:
            with shared:
                opened.set()
                hold.wait()
                seen[name, "inside"] = hp.get("k", 0)
        except hp.Error as e:
            errors.append(e)
        seen[name, "after"] = hp.get("k", 0)
        done.set()

    start = threading.Event()
    start.set()
    threads = [threading.Thread(target=use, args=("A", start, a_in, b_in, a_out)),
               threading.Thread(target=use, args=("B", a_in, b_in, a_out, b_out))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert seen == {("A", "inside"): 1, ("B", "inside"): 1, ("A", "after"): 0, ("B", "after"): 0}


def test_bind_runs_on_many_pool_threads_at_once():
    import concurrent.futures
    import time

    def read(_):
        time.sleep(0.001)  # the calls overlap
        return hp.get("lr", 0.0)

    with hp.scope(lr=0.5):
        bound = hp.bind(read)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(bound, range(200)))
        after = list(pool.map(lambda _: hp.get("lr", 0.0), range(40)))
    assert results == [0.5] * 200
    assert after == [0.0] * 40


def test_a_str_with_a_lone_surrogate_is_a_conversion_error():
    with pytest.raises(hp.ConversionError, match="key 'name'.*lone surrogate"):
        hp.scope(name="bad\udcff")
    with pytest.raises(hp.ConversionError, match="key 'names'"):
        hp.scope(names=["ok", "bad\udcff"])


def test_a_close_refused_while_the_block_raises_leaves_its_exception_in_place():
    later = hp.scope(k=2)
    with pytest.raises(KeyError, match="inside"), pytest.warns(RuntimeWarning, match="out of order"):
        with hp.scope(k=1):
            later.__enter__()
            raise KeyError("inside")
    assert hp.get("k", 0) == 2
    later.__exit__(None, None, None)
    assert hp.get("k", 0) == 0  # the refused scope closed with it


def test_bind_refuses_generator_and_coroutine_functions():
    def gen():
        yield hp.get("lr", 0.0)

    async def coro():
        return hp.get("lr", 0.0)

    for fn in (gen, coro):
        with pytest.raises(TypeError, match="generator or coroutine function"):
            hp.bind(fn)
