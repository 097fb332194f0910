"""hp.param: keyword parameters with defaults read from the scope, as auto_param."""
import threading

import pytest

import hyperparameter_cpp as hp


@hp.param("dnn")
def dnn(x, layers=3, activation="relu", *, dropout=0.0):
    return x, layers, activation, dropout


def test_default_scope_and_direct_argument():
    assert dnn(1) == (1, 3, "relu", 0.0)
    with hp.scope("dnn.layers=4", **{"dnn.activation": "sigmoid", "dnn.dropout": 0.5}):
        assert dnn(1) == (1, 4, "sigmoid", 0.5)
        assert dnn(1, 8) == (1, 8, "sigmoid", 0.5)                 # direct positional beats the scope
        assert dnn(1, activation="tanh") == (1, 4, "tanh", 0.5)    # direct keyword too
        assert dnn(1, 8, "elu", dropout=0.1) == (1, 8, "elu", 0.1)
        assert type(dnn(1)[1]) is int                              # "4" read as the default's type
    assert dnn(1) == (1, 3, "relu", 0.0)


def test_what_was_resolved_follows_every_scope_change():
    results = []
    for n in range(3):
        with hp.scope(**{"dnn.layers": n}):
            results.append(dnn(0)[1])
            with hp.scope(**{"dnn.layers": n + 10}):
                results.append(dnn(0)[1])
            results.append(dnn(0)[1])
    assert results == [0, 10, 0, 1, 11, 1, 2, 12, 2]
    with hp.scope(**{"dnn.layers": 5}):
        f = hp.current()
    with f:
        assert dnn(0)[1] == 5
    assert dnn(0)[1] == 3


def test_threads_resolve_their_own_scopes():
    out = {}
    barrier = threading.Barrier(2)

    def worker(n):
        with hp.scope(**{"dnn.layers": n}):
            for _ in range(200):
                barrier.wait()
                out.setdefault(n, set()).add(dnn(0)[1])

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == {1: {1}, 2: {2}}


def test_threads_switching_often_never_read_each_others_cache():
    # Both threads share one decorated function's cache; a switch between
    # its check and its use must not hand one thread the other's values.
    import sys
    wrong = []

    def worker(n):
        with hp.scope(**{"dnn.layers": n, "dnn.activation": str(n)}):
            for _ in range(20000):
                got = dnn(0)
                if got[1] != n or got[2] != str(n):
                    wrong.append((n, got))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert wrong == []


def test_bare_names_with_an_empty_namespace():
    @hp.param("")
    def f(lr=0.1):
        return lr

    with hp.scope(lr=0.5):
        assert f() == 0.5
    assert f() == 0.1


def test_a_value_that_does_not_convert_raises_with_the_key():
    with hp.scope("dnn.layers=four"):
        with pytest.raises(hp.ConversionError, match="dnn.layers") as e:
            dnn(0)
    assert e.value.key == "dnn.layers"


@hp.param("model")
class Model:
    def __init__(self, input_dim, hidden=128, act="relu"):
        self.input_dim, self.hidden, self.act = input_dim, hidden, act


def test_classes():
    m = Model(10)
    assert (m.input_dim, m.hidden, m.act) == (10, 128, "relu")
    with hp.scope("model.hidden=64"):
        m = Model(10)
        assert (m.hidden, m.act) == (64, "relu")
        assert Model(10, 32).hidden == 32
        assert Model(10, act="tanh").act == "tanh"
    assert isinstance(m, Model) and Model.__init__.__wrapped__ is not None


def test_an_invalid_namespace_fails_where_it_is_written():
    with pytest.raises(hp.InvalidKey):
        @hp.param("bad namespace")
        def f(x=1):
            return x
    with pytest.raises(TypeError):
        hp.param(3)


def test_a_list_from_the_scope_is_each_call_its_own():
    @hp.param("net")
    def widths(sizes=[]):  # noqa: B006 (the default is never the one injected)
        sizes.append(-1)
        return list(sizes)

    with hp.scope(**{"net.sizes": [64, [32]]}):
        assert widths() == [64, [32], -1]
        assert widths() == [64, [32], -1]
        assert hp.get("net.sizes") == [64, [32]]


def test_stacked_params_and_decorated_subclasses_keep_the_inner_namespace():
    @hp.param("outer")
    @hp.param("inner")
    def f(x=1):
        return x

    @hp.param("base")
    class Base:
        def __init__(self, lr=0.1):
            self.lr = lr

    @hp.param("child")
    class Child(Base):
        pass

    assert f() == 1
    with hp.scope(**{"inner.x": 5, "base.lr": 0.2}):
        assert f() == 5
        assert Child().lr == 0.2
        with hp.scope(**{"outer.x": 1, "child.lr": 0.3}):
            assert f() == 1  # the outer namespace's value, though it equals the default
            assert Child().lr == 0.3
        assert f(7) == 7


def test_positional_only_parameters_take_their_values_in_place():
    @hp.param("g")
    def f(a, b=1, c=2, /, d=3):
        return a, b, c, d

    assert f(0) == (0, 1, 2, 3)
    with hp.scope(**{"g.c": 20, "g.d": 30}):
        assert f(0) == (0, 1, 20, 30)
        assert f(0, 5) == (0, 5, 20, 30)
        assert f(0, 5, 6) == (0, 5, 6, 30)
    with hp.scope(**{"g.b": 10}):
        assert f(0) == (0, 10, 2, 3)
        with pytest.raises(TypeError):
            f()  # `a` is still required


def test_a_default_of_a_type_no_value_converts_to_raises_when_the_key_is_set():
    import enum
    import pathlib

    class Mode(enum.Enum):
        TRAIN = "train"

    assert hp.get("run.mode", Mode.TRAIN) is Mode.TRAIN  # absent: the default
    with hp.scope("run.mode=evl", "run.out=/data"):
        for default, type_name in ((Mode.TRAIN, "Mode"), (pathlib.Path("/tmp"), "PosixPath"), (b"", "bytes")):
            key = "run.out" if type_name == "PosixPath" else "run.mode"
            with pytest.raises(hp.ConversionError, match=f"is not a valid {type_name} .*no type to read as"):
                hp.get(key, default)

        @hp.param("run")
        def run(mode=Mode.TRAIN):
            return mode

        with pytest.raises(hp.ConversionError, match="key 'run.mode'"):
            run()


def test_a_tuple_default_gives_a_tuple():
    with hp.scope(t=[1, 2]):
        assert hp.get("t", (0,)) == (1, 2)
        assert hp.get("t", []) == [1, 2]
