"""A C++ extension module of its own (hp_test_ext, loaded with RTLD_LOCAL as
Python loads every extension) shares the scopes with Python."""
import threading

import hyperparameter_cpp as hp
import hp_test_ext as ext


def test_the_extension_reads_the_scope_python_opened():
    assert ext.get_int("x.layers", 3) == 3
    with hp.scope("x.layers=4", **{"x.name": "net", "x.ratio": 0.25}):
        assert ext.get_int("x.layers", 3) == 4
        assert ext.get_text("x.name", "") == "net"
        assert ext.get_double("x.ratio") == 0.25
        with hp.scope(**{"x.layers": 8}):
            assert ext.get_int("x.layers", 3) == 8
        assert ext.get_int("x.layers", 3) == 4
    assert ext.get_int("x.layers", 3) == 3


def test_python_reads_the_scope_cpp_opened():
    seen = ext.with_scope_call(["c.layers=6", "c.name=cpp"],
                               lambda: (hp.get("c.layers", 0), hp.get("c.name", ""), hp.current().keys()))
    assert seen == (6, "cpp", ["c.layers", "c.name"])
    assert hp.get("c.layers", 0) == 0

    def nested():  # Python opens a scope inside the C++ one, C++ reads it
        with hp.scope(**{"c.layers": 7}):
            return ext.get_int("c.layers", 0), ext.get_text("c.name", "")

    assert ext.with_scope_call(["c.layers=6", "c.name=cpp"], nested) == (7, "cpp")


def test_a_python_scope_closed_inside_a_cpp_scope_is_refused():
    s = hp.scope(k=1)
    s.__enter__()

    def close():
        s.__exit__(None, None, None)

    try:
        ext.with_scope_call(["k=2"], close)
        raise AssertionError("closing under a C++ scope must raise")
    except hp.Error as e:
        assert "out of order" in str(e)
    # The refused close happens once nothing opened after it is open, before the next read.
    assert hp.get("k", 0) == 0


def test_a_key_declared_in_cpp_reads_with_its_declared_type():
    assert hp.get("ext.declared_ratio", 9.0) == 9.0       # absent: the default
    with hp.scope("ext.declared_ratio=2"):
        value = hp.get("ext.declared_ratio")               # text "2", declared double
        assert value == 2.0 and type(value) is float
        assert ext.declared_ratio() == 2.0
    with hp.scope("ext.declared_ratio=half"):
        try:
            hp.get("ext.declared_ratio")
            raise AssertionError("must not convert")
        except hp.ConversionError as e:
            assert "ext.declared_ratio" in str(e) and "half" in str(e)


def test_cpp_threads_read_without_the_gil():
    # The extension starts C++ threads and joins them while this thread holds the GIL.
    with hp.scope(**{"w.n": 5}):
        assert ext.get_int_on_threads("w.n", 0, 4) == [5, 5, 5, 5]
        assert ext.get_int_on_fresh_thread("w.n", 0) == 0   # a fresh thread starts from the frozen base


def test_python_threads_and_cpp_reads():
    out = {}

    def worker(n):
        with hp.scope(**{"pt.n": n}):
            out[n] = [ext.get_int("pt.n", -1) for _ in range(100)]

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == {n: [n] * 100 for n in range(4)}
