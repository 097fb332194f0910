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
